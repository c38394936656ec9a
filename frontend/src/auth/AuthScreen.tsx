import { useState } from 'react';
import type { SignInInput, SignUpInput } from '../api/client';
import { PageHeading } from '../components/PageHeading';
import type { AuthNotice as Notice } from '../session/sessionState';
import { useT } from '../i18n';
import { AuthNotice } from './AuthNotice';
import { SignInForm } from './SignInForm';
import { SignUpForm } from './SignUpForm';

export interface AuthScreenProps {
  notice: Notice | null;
  draftKept: boolean;
  onSignIn: (input: SignInInput) => Promise<void>;
  onSignUp: (input: SignUpInput) => Promise<void>;
  focusHeading: boolean;
}

/** Sign-in and sign-up, with the notice that explains why the user is here. */
export function AuthScreen({ notice, draftKept, onSignIn, onSignUp, focusHeading }: AuthScreenProps) {
  const t = useT();
  const [mode, setMode] = useState<'signIn' | 'signUp'>('signIn');
  // Switching between the two forms is a navigation: focus the new heading.
  const [switched, setSwitched] = useState(false);
  const switchTo = (next: 'signIn' | 'signUp') => {
    setMode(next);
    setSwitched(true);
  };

  return (
    <section className="card card--auth">
      <PageHeading key={mode} focusOnMount={focusHeading || switched}>
        {t(mode === 'signIn' ? 'signIn.title' : 'signUp.title')}
      </PageHeading>
      <p className="lead">{t(mode === 'signIn' ? 'signIn.intro' : 'signUp.intro')}</p>
      <AuthNotice notice={notice} draftKept={draftKept} />
      {mode === 'signIn' ? (
        <SignInForm onSignIn={onSignIn} onCreateAccount={() => switchTo('signUp')} />
      ) : (
        <SignUpForm onSignUp={onSignUp} onHaveAccount={() => switchTo('signIn')} />
      )}
    </section>
  );
}
