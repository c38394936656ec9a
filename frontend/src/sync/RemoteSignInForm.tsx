import { useId, useState, type FormEvent } from 'react';
import { signInRemoteAgain, type SyncStatus } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useSubmit } from '../components/useSubmit';
import { useUnsavedChanges } from '../navigation/guard';
import { useI18n } from '../i18n';

export interface RemoteSignInFormProps {
  onSignedIn: (sync: SyncStatus) => void;
}

/** Asks for the server password when the server stopped accepting this computer's sign-in. */
export function RemoteSignInForm({ onSignedIn }: RemoteSignInFormProps) {
  const { t, fieldMessage } = useI18n();
  const titleId = useId();
  const [password, setPassword] = useState('');
  const submit = useSubmit(async (value: string) => onSignedIn(await signInRemoteAgain(value)));
  useUnsavedChanges(
    password !== '',
    () => {
      setPassword('');
      submit.reset();
    },
    submit.pending,
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(password);
  };
  return (
    <form className="form sync-signin" onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{t('sync.signInAgainTitle')}</h3>
      <p className="muted">{t('sync.signInAgainText')}</p>
      <FormAlert error={submit.formError} />
      <TextField
        label={t('sync.password')}
        name="remote_password_again"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => {
          setPassword(e.target.value);
          submit.clearFieldError('password');
        }}
        error={fieldMessage(submit.fieldErrors.password)}
      />
      <div className="form__actions">
        <SubmitButton busy={submit.busy}>{t('sync.signInAgain')}</SubmitButton>
      </div>
    </form>
  );
}
