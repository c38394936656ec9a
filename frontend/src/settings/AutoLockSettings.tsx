import { useState, type FormEvent } from 'react';
import { AppError, type Settings } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { TextField } from '../components/TextField';
import { useSettings } from './useSettings';
import { useSubmit } from '../components/useSubmit';
import { useTransientNotice } from '../components/useTransientNotice';
import { useI18n } from '../i18n';

export const MIN_IDLE_LOCK_MINUTES = 1;
export const MAX_IDLE_LOCK_MINUTES = 240;

interface SettingsFormProps {
  settings: Settings;
  save: (settings: Settings) => Promise<Settings>;
}

/**
 * The idle auto-lock delay, applied like the theme and language: at once,
 * when the field is left or Enter is pressed (not on each keystroke, which
 * would store the 3 of a 30 being typed), with a notice saying what changed.
 */
function SettingsForm({ settings, save }: SettingsFormProps) {
  const { t, fieldMessage } = useI18n();
  const [minutes, setMinutes] = useState(String(settings.idle_lock_minutes));
  const submit = useSubmit(save);
  const { notice, show, clear } = useTransientNotice<number>();

  const apply = async () => {
    const text = minutes.trim();
    const value = Number(text);
    if (text === '' || !Number.isInteger(value)) {
      const key = text === '' ? 'fieldError.required' : 'fieldError.wholeNumber';
      submit.fail(new AppError('invalid', { key: 'error.fieldsInvalid' }, { idle_lock_minutes: { key } }));
      return;
    }
    if (value === settings.idle_lock_minutes) return;
    clear();
    if (await submit.run({ idle_lock_minutes: value })) show(value);
  };

  return (
    <form
      className="form form--inline"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void apply();
      }}
      noValidate
    >
      <FormAlert error={submit.formError} />
      <TextField
        className="field--minutes"
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
        aria-busy={submit.busy || undefined}
        onChange={(e) => {
          setMinutes(e.target.value);
          submit.clearFieldError('idle_lock_minutes');
        }}
        onBlur={() => void apply()}
        error={fieldMessage(submit.fieldErrors.idle_lock_minutes)}
      />
      <div className="status-text status-text--line">
        {notice !== null && <p role="status">{t('settings.idleChanged', { n: notice })}</p>}
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
