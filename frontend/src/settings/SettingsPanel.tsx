import { useState, type FormEvent } from 'react';
import { AppError, type Settings } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { TextField } from '../components/TextField';
import { useSettings } from './useSettings';
import { useSubmit } from '../components/useSubmit';
import { useI18n } from '../i18n';

export const MIN_IDLE_LOCK_MINUTES = 1;
export const MAX_IDLE_LOCK_MINUTES = 240;

interface SettingsFormProps {
  settings: Settings;
  save: (settings: Settings) => Promise<Settings>;
}

function SettingsForm({ settings, save }: SettingsFormProps) {
  const { t, fieldMessage } = useI18n();
  const [minutes, setMinutes] = useState(String(settings.idle_lock_minutes));
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(save);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const value = Number(minutes.trim());
    if (minutes.trim() === '' || !Number.isInteger(value)) {
      const key = minutes.trim() === '' ? 'fieldError.required' : 'fieldError.wholeNumber';
      submit.fail(new AppError('invalid', { key: 'error.fieldsInvalid' }, { idle_lock_minutes: { key } }));
      return;
    }
    if (await submit.run({ idle_lock_minutes: value })) setSaved(true);
  };

  return (
    <form className="form form--inline" onSubmit={onSubmit} noValidate>
      <FormAlert error={submit.error && !submit.error.hasFieldErrors() ? submit.error : null} />
      <TextField
        label={t('settings.idleLabel')}
        name="idle_lock_minutes"
        type="number"
        inputMode="numeric"
        min={MIN_IDLE_LOCK_MINUTES}
        max={MAX_IDLE_LOCK_MINUTES}
        step={1}
        required
        hint={t('settings.idleHint')}
        value={minutes}
        onChange={(e) => {
          setMinutes(e.target.value);
          setSaved(false);
          submit.clearFieldError('idle_lock_minutes');
        }}
        error={fieldMessage(submit.fieldErrors.idle_lock_minutes)}
      />
      <div className="form__actions">
        <SubmitButton busy={submit.busy}>{t('settings.save')}</SubmitButton>
        <p className="status-text" role="status">
          {saved ? t('settings.saved') : ''}
        </p>
      </div>
    </form>
  );
}

/** Settings → Security: the idle auto-lock delay. */
export function AutoLockSettings() {
  const { t } = useI18n();
  const { state, save } = useSettings();
  return (
    <>
      {state.status === 'loading' && <p className="muted">{t('settings.loading')}</p>}
      {state.status === 'failed' && <FormAlert error={state.error} />}
      {state.status === 'ready' && <SettingsForm settings={state.settings} save={save} />}
    </>
  );
}
