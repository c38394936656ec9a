import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AppError, FieldErrors } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { useI18n } from '../i18n';
import type { ProfileDraft } from './draft';
import { AccountFields } from '../components/AccountFields';
import { PROFILE_FIELDS } from '../components/fields';

export interface ProfileEditFormProps {
  /** The values the form opens with (the profile, or input to fix or restore). */
  initial: ProfileDraft;
  /** Per-field messages from the backend, shown under their fields. */
  fieldErrors?: FieldErrors;
  /** The failure that sent the user back here, if any. */
  error?: AppError | null;
  /** Every change, so an open draft can survive an auto-lock. */
  onChange: (draft: ProfileDraft) => void;
  onSave: (draft: ProfileDraft) => void;
  onCancel: () => void;
}

export function ProfileEditForm({ initial, fieldErrors = {}, error = null, onChange, onSave, onCancel }: ProfileEditFormProps) {
  const { t } = useI18n();
  const titleId = useId();
  const [values, setValues] = useState<ProfileDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>(fieldErrors);
  const formRef = useRef<HTMLFormElement>(null);

  // Open on the first field with a problem, otherwise on the first field.
  useEffect(() => {
    const form = formRef.current;
    const target = form?.querySelector<HTMLInputElement>('input[aria-invalid="true"]') ?? form?.querySelector('input');
    target?.focus();
  }, []);

  const change = (name: keyof ProfileDraft, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    onChange(next);
    if (name in errors) {
      const rest = { ...errors };
      delete rest[name];
      setErrors(rest);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSave(values);
  };

  return (
    <section className="card card--edit" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('edit.title')}</h2>
      <form
        ref={formRef}
        className="form"
        onSubmit={onSubmit}
        noValidate
        data-shortcut="save"
      >
        <FormAlert error={error} />
        <AccountFields
          fields={PROFILE_FIELDS}
          values={values}
          errors={errors}
          onChange={change}
          hints={{ number_phone: 'edit.phoneHint' }}
        />
        <div className="form__actions">
          <SubmitButton busy={false}>{t('edit.save')}</SubmitButton>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
