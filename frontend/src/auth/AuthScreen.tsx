import { useState } from 'react';
import type { SignInInput, SignUpInput } from '../api/client';
import { PageHeading } from '../components/PageHeading';
import type { AuthNotice as Notice } from '../session/sessionState';
import { useSession } from '../session/SessionProvider';
import { useT } from '../i18n';
import { AuthNotice } from './AuthNotice';
import { SignInForm } from './SignInForm';
import { SignUpForm } from './SignUpForm';

export interface AuthScreenProps {
  /** Why the user is here (the session that ended), if there is something to say. */
  notice: Notice | null;
  focusHeading: boolean;
}

/** Sign-in and sign-up, with the notice that explains why the user is here. */
export function AuthScreen({ notice, focusHeading }: AuthScreenProps) {
  const t = useT();
  const session = useSession();
  const { draft } = session;
  // Why the user is here stops being news once they act: it never stays above a later error.
  const [noticeShown, setNoticeShown] = useState(true);
  const signIn = (input: SignInInput) => {
    setNoticeShown(false);
    return session.signIn(input);
  };
  const signUp = (input: SignUpInput) => {
    setNoticeShown(false);
    return session.signUp(input);
  };
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
      <AuthNotice notice={noticeShown ? notice : null} draftKept={draft.kept} />
      {mode === 'signIn' ? (
        <SignInForm onSignIn={signIn} onCreateAccount={() => switchTo('signUp')} />
      ) : (
        <SignUpForm onSignUp={signUp} onHaveAccount={() => switchTo('signIn')} />
      )}
    </section>
  );
}
