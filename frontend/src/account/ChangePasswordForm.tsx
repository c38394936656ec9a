import { useId, useState, type FormEvent } from 'react';
import { changePassword } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { useSubmit } from '../components/useSubmit';
import { useI18n } from '../i18n';
import { AccountFields } from '../components/AccountFields';
import type { FieldSpec } from '../components/fields';
import { useUnsavedChanges } from '../navigation/guard';

type Name = 'current_password' | 'new_password';
type Values = Readonly<Record<Name, string>>;

const FIELDS: readonly FieldSpec<Name>[] = [
  { name: 'current_password', label: 'changePassword.current', input: { type: 'password', autoComplete: 'current-password' } },
  {
    name: 'new_password',
    label: 'changePassword.new',
    hint: 'signUp.passwordHint',
    input: { type: 'password', autoComplete: 'new-password' },
  },
];

const EMPTY: Values = { current_password: '', new_password: '' };

/**
 * The profile's "Change password" card. The saved passwords stay readable:
 * the backend only re-wraps their key under the new password.
 */
export function ChangePasswordForm() {
  const { t } = useI18n();
  const titleId = useId();
  const [values, setValues] = useState<Values>(EMPTY);
  const [changed, setChanged] = useState(false);
  const submit = useSubmit((input: Values) => changePassword(input.current_password, input.new_password));
  // Leaving Settings, or signing out, with a password typed here asks first.
  const dirty = values.current_password !== '' || values.new_password !== '';
  useUnsavedChanges(
    dirty,
    () => {
      setValues(EMPTY);
      submit.reset();
    },
    submit.pending,
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    if (await submit.run(values)) {
      setValues(EMPTY);
      setChanged(true);
    }
  };

  return (
    <section className="settings-subsection" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('changePassword.title')}</h3>
      <form ref={submit.formRef} className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.formError} />
        <AccountFields
          fields={FIELDS}
          values={values}
          errors={submit.fieldErrors}
          onChange={(name, value) => {
            setValues((current) => ({ ...current, [name]: value }));
            setChanged(false);
            submit.clearFieldError(name);
          }}
        />
        <div className="form__actions">
          <SubmitButton busy={submit.busy}>{t('changePassword.submit')}</SubmitButton>
          <p className="status-text" role="status">
            {changed ? t('changePassword.done') : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
