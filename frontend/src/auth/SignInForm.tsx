import { useState, type FormEvent } from 'react';
import type { SignInInput } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useI18n } from '../i18n';
import { useSubmit } from '../components/useSubmit';

export interface SignInFormProps {
  onSignIn: (input: SignInInput) => Promise<void>;
  onCreateAccount: () => void;
}

export function SignInForm({ onSignIn, onCreateAccount }: SignInFormProps) {
  const { t, fieldMessage } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const submit = useSubmit(onSignIn);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run({ login: login.trim(), password });
  };

  return (
    <>
      <form ref={submit.formRef} className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.formError} />
        <TextField
          label={t('field.login')}
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={login}
          onChange={(e) => {
            setLogin(e.target.value);
            submit.clearFieldError('login');
          }}
          error={fieldMessage(submit.fieldErrors.login, 'login')}
        />
        <TextField
          label={t('field.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            submit.clearFieldError('password');
          }}
          error={fieldMessage(submit.fieldErrors.password, 'password')}
        />
        <SubmitButton busy={submit.busy} className="button--block">
          {t('signIn.submit')}
        </SubmitButton>
      </form>
      <p className="auth-switch">
        <span>{t('signIn.noAccount')}</span>{' '}
        <button type="button" className="button button--link" onClick={onCreateAccount}>
          {t('signIn.toSignUp')}
        </button>
      </p>
    </>
  );
}
