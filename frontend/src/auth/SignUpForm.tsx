import { useState, type FormEvent } from 'react';
import type { SignUpInput } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { useI18n } from '../i18n';
import {
  EMAIL_FIELD,
  FIRST_NAME_FIELD,
  LAST_NAME_FIELD,
  NEW_PASSWORD_FIELD,
  PHONE_FIELD,
  USERNAME_FIELD,
  type FieldSpec,
} from '../components/fields';
import { useSubmit } from '../components/useSubmit';
import { AccountFields } from '../components/AccountFields';

const FIELDS: readonly FieldSpec<keyof SignUpInput>[] = [
  USERNAME_FIELD,
  EMAIL_FIELD,
  NEW_PASSWORD_FIELD,
  FIRST_NAME_FIELD,
  LAST_NAME_FIELD,
  PHONE_FIELD,
];

const EMPTY: SignUpInput = { username: '', email: '', password: '', first_name: '', last_name: '', number_phone: '' };

export interface SignUpFormProps {
  onSignUp: (input: SignUpInput) => Promise<void>;
  onHaveAccount: () => void;
}

export function SignUpForm({ onSignUp, onHaveAccount }: SignUpFormProps) {
  const { t } = useI18n();
  const [values, setValues] = useState<SignUpInput>(EMPTY);
  const submit = useSubmit(onSignUp);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input: SignUpInput = { ...values };
    for (const field of FIELDS) if (field.name !== 'password') input[field.name] = values[field.name].trim();
    void submit.run(input);
  };

  return (
    <>
      <form ref={submit.formRef} className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.formError} />
        <AccountFields
          fields={FIELDS}
          values={values}
          errors={submit.fieldErrors}
          onChange={(name, value) => {
            setValues((current) => ({ ...current, [name]: value }));
            submit.clearFieldError(name);
          }}
        />
        <SubmitButton busy={submit.busy} className="button--block">
          {t('signUp.submit')}
        </SubmitButton>
      </form>
      <p className="auth-switch">
        <span>{t('signUp.haveAccount')}</span>{' '}
        <button type="button" className="button button--link" onClick={onHaveAccount}>
          {t('signUp.toSignIn')}
        </button>
      </p>
    </>
  );
}
