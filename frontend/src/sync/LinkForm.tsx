import { useId, useState, type FormEvent } from 'react';
import { linkRemote, type LinkInput, type LinkMode, type SyncStatus } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useSubmit } from '../components/useSubmit';
import { useUnsavedChanges } from '../navigation/guard';
import { useI18n } from '../i18n';

export interface LinkFormProps {
  /** The local profile's email, offered for a new server account. */
  localEmail: string;
  onLinked: (sync: SyncStatus) => void;
}

const EMPTY: LinkInput = { server_url: '', mode: 'signin', email: '', password: '', username: '' };

/** Links the account to a server: sign in there, or create the account from this profile. */
export function LinkForm({ localEmail, onLinked }: LinkFormProps) {
  const { t, fieldMessage } = useI18n();
  const modeLabelId = useId();
  const [input, setInput] = useState<LinkInput>(EMPTY);
  const submit = useSubmit(async (value: LinkInput) => onLinked(await linkRemote(value)));
  // What the user typed (not the profile's email the sign-up mode fills in) is asked about before it goes.
  const typed = input.server_url !== '' || input.password !== '' || input.username !== '' || (input.email !== '' && input.email !== localEmail);
  useUnsavedChanges(
    typed,
    () => {
      setInput(EMPTY);
      submit.reset();
    },
    submit.pending,
  );

  const set = (field: keyof LinkInput, value: string) => {
    setInput((current) => ({ ...current, [field]: value }));
    submit.clearFieldError(field);
  };
  const chooseMode = (mode: LinkMode) => {
    setInput((current) => ({ ...current, mode, email: mode === 'signup' && current.email === '' ? localEmail : current.email }));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(input);
  };
  const { formError } = submit;

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={submit.busy || undefined}>
      <p className="muted">{t('sync.firstLink')}</p>
      <FormAlert error={formError} />
      <TextField
        label={t('sync.serverUrl')}
        name="server_url"
        type="url"
        inputMode="url"
        autoComplete="url"
        required
        hint={t('sync.serverUrlHint')}
        value={input.server_url}
        onChange={(e) => set('server_url', e.target.value)}
        error={fieldMessage(submit.fieldErrors.server_url)}
      />
      <fieldset className="field field--choices" aria-labelledby={modeLabelId}>
        <legend id={modeLabelId} className="field__label">
          {t('sync.mode')}
        </legend>
        {(['signin', 'signup'] as const).map((mode) => (
          <label key={mode} className="choice">
            <input type="radio" name="mode" value={mode} checked={input.mode === mode} onChange={() => chooseMode(mode)} />
            {t(mode === 'signin' ? 'sync.modeSignIn' : 'sync.modeSignUp')}
          </label>
        ))}
      </fieldset>
      <TextField
        label={t('sync.email')}
        name="remote_email"
        type="email"
        autoComplete="email"
        required
        value={input.email}
        onChange={(e) => set('email', e.target.value)}
        error={fieldMessage(submit.fieldErrors.email)}
      />
      {input.mode === 'signup' && (
        <TextField
          label={t('field.username')}
          name="remote_username"
          optional
          hint={t('sync.usernameHint')}
          value={input.username}
          onChange={(e) => set('username', e.target.value)}
          error={fieldMessage(submit.fieldErrors.username)}
        />
      )}
      <TextField
        label={t('sync.password')}
        name="remote_password"
        type="password"
        autoComplete={input.mode === 'signup' ? 'new-password' : 'current-password'}
        required
        value={input.password}
        onChange={(e) => set('password', e.target.value)}
        error={fieldMessage(submit.fieldErrors.password)}
      />
      <div className="form__actions">
        <SubmitButton busy={submit.busy}>{submit.busy ? t('sync.linking') : t('sync.link')}</SubmitButton>
      </div>
    </form>
  );
}
