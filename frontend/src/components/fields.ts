import type { EditableField } from '../api/client';
import type { TextFieldProps } from './TextField';
import type { MessageKey } from '../i18n';

/** How one account field is labelled and typed, shared by sign-up and the edit form. */
export interface FieldSpec<Name extends string = string> {
  name: Name;
  label: MessageKey;
  hint?: MessageKey;
  optional?: boolean;
  /** Half-width in a two-column form grid. */
  half?: boolean;
  input: Pick<TextFieldProps, 'type' | 'autoComplete' | 'inputMode' | 'autoCapitalize' | 'spellCheck'>;
}

export const USERNAME_FIELD: FieldSpec<'username'> = {
  name: 'username',
  label: 'field.username',
  hint: 'signUp.usernameHint',
  input: { autoComplete: 'username', autoCapitalize: 'none', spellCheck: false },
};

export const EMAIL_FIELD: FieldSpec<'email'> = {
  name: 'email',
  label: 'field.email',
  input: { type: 'email', autoComplete: 'email', spellCheck: false },
};

export const FIRST_NAME_FIELD: FieldSpec<'first_name'> = {
  name: 'first_name',
  label: 'field.firstName',
  optional: true,
  half: true,
  input: { autoComplete: 'given-name' },
};

export const LAST_NAME_FIELD: FieldSpec<'last_name'> = {
  name: 'last_name',
  label: 'field.lastName',
  optional: true,
  half: true,
  input: { autoComplete: 'family-name' },
};

export const PHONE_FIELD: FieldSpec<'number_phone'> = {
  name: 'number_phone',
  label: 'field.phone',
  hint: 'signUp.phoneHint',
  optional: true,
  input: { type: 'tel', autoComplete: 'tel', inputMode: 'tel' },
};

/** The profile fields in display order. */
export const PROFILE_FIELDS: readonly FieldSpec<EditableField>[] = [
  USERNAME_FIELD,
  EMAIL_FIELD,
  FIRST_NAME_FIELD,
  LAST_NAME_FIELD,
  PHONE_FIELD,
];

export const NEW_PASSWORD_FIELD: FieldSpec<'password'> = {
  name: 'password',
  label: 'field.password',
  hint: 'signUp.passwordHint',
  input: { type: 'password', autoComplete: 'new-password' },
};
