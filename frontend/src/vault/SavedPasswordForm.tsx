import { useEffect, useRef, useState, type FormEvent } from 'react';
import type {
  GeneratedPassword,
  SavedPasswordInput,
  SavedPasswordSummary,
} from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { Modal } from '../components/Modal';
import { SubmitButton } from '../components/SubmitButton';
import { PasswordGenerator } from '../generator/PasswordGenerator';
import { useSubmit } from '../components/useSubmit';
import { useI18n } from '../i18n';
import { useUnsavedChanges } from '../navigation/guard';
import { AccountFields } from '../components/AccountFields';
import type { FieldSpec } from '../components/fields';
import { PasswordInput } from './PasswordInput';

type TextFieldName = Exclude<keyof SavedPasswordInput, 'password_saved'>;

const ENTRY_FIELDS: readonly FieldSpec<TextFieldName>[] = [
  { name: 'name_pages', label: 'entry.name', hint: 'entry.nameHint', optional: true, input: { autoComplete: 'off' } },
  {
    name: 'url',
    label: 'entry.url',
    hint: 'entry.urlHint',
    input: { type: 'url', inputMode: 'url', autoComplete: 'off', autoCapitalize: 'none', spellCheck: false },
  },
  {
    name: 'username',
    label: 'vault.fieldUsername',
    hint: 'vault.usernameHint',
    optional: true,
    input: { autoComplete: 'off', autoCapitalize: 'none', spellCheck: false },
  },
];

export const EMPTY_ENTRY: SavedPasswordInput = { name_pages: '', url: '', username: '', password_saved: '' };

export interface SavedPasswordFormProps {
  mode: 'add' | 'edit';
  /** The values the form opens with (empty, or the entry being edited with its password). */
  initial: SavedPasswordInput;
  /** Adds or updates; rejects with AppError. */
  save: (input: SavedPasswordInput) => Promise<SavedPasswordSummary>;
  onSaved: (entry: SavedPasswordSummary) => void;
  onClose: () => void;
}

/**
 * The add and edit dialog for a saved password, with the generator under
 * the password field. Its body scrolls and Save and Cancel stay in a footer
 * under it, so they are in view in any window the app allows.
 */
export function SavedPasswordForm({ mode, initial, save, onSaved, onClose }: SavedPasswordFormProps) {
  const { t, fieldMessage } = useI18n();
  const [values, setValues] = useState<SavedPasswordInput>(initial);
  const [generated, setGenerated] = useState<GeneratedPassword | null>(null);
  const [passwordShown, setPasswordShown] = useState(false);
  const [failures, setFailures] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const submit = useSubmit(async (input: SavedPasswordInput) => onSaved(await save(input)));
  // Input that differs from what the dialog opened with is asked about before
  // it goes: on Cancel or Esc here, and when the session or page is left.
  const dirty = (Object.keys(initial) as (keyof SavedPasswordInput)[]).some((name) => values[name] !== initial[name]);
  const confirmDiscard = useUnsavedChanges(dirty, onClose, submit.pending);
  const cancel = () => {
    void confirmDiscard().then((close) => {
      if (close) onClose();
    });
  };

  // After a refused save, start again on the first field with a problem.
  useEffect(() => {
    if (failures > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [failures]);

  const change = (name: keyof SavedPasswordInput, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    submit.clearFieldError(name);
  };

  const onGenerate = (result: GeneratedPassword) => {
    setGenerated(result);
    // A generated password is new to the user: shown, so it can be read and checked.
    setPasswordShown(true);
    change('password_saved', result.password);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      name_pages: values.name_pages.trim(),
      url: values.url.trim(),
      username: values.username.trim(),
      password_saved: values.password_saved,
    };
    if (!(await submit.run(input))) setFailures((n) => n + 1);
  };

  const { formError } = submit;
  const strengthBits = generated && generated.password === values.password_saved ? generated.entropy_bits : null;

  return (
    <Modal
      title={t(mode === 'add' ? 'entry.addTitle' : 'entry.editTitle')}
      onClose={cancel}
      closeDisabled={submit.busy}
      className="modal--wide modal--entry"
    >
      <form ref={formRef} className="entry-form" onSubmit={onSubmit} noValidate>
        <div className="entry-form__body form">
          <FormAlert error={formError} />
          <AccountFields fields={ENTRY_FIELDS} values={values} errors={submit.fieldErrors} onChange={change} />
          <PasswordInput
            label={t('field.password')}
            name="password_saved"
            required
            value={values.password_saved}
            onChange={(e) => change('password_saved', e.target.value)}
            error={fieldMessage(submit.fieldErrors.password_saved)}
            shown={passwordShown}
            onShownChange={setPasswordShown}
          />
          <PasswordGenerator onGenerate={onGenerate} strengthBits={strengthBits} defaultOpen={mode === 'add'} />
        </div>
        <div className="entry-form__footer">
          <button type="button" className="button button--secondary" onClick={cancel} disabled={submit.busy}>
            {t('common.cancel')}
          </button>
          <SubmitButton busy={submit.busy}>{t('entry.save')}</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
