import { useState } from 'react';
import { TextField, type TextFieldProps } from '../components/TextField';
import { useI18n } from '../i18n';

export type PasswordInputProps = Omit<TextFieldProps, 'type'>;

/** A password TextField with a button that shows or hides what it holds. */
export function PasswordInput(props: PasswordInputProps) {
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        {...props}
        type={visible ? 'text' : 'password'}
      />
      <button
        type="button"
        className="button button--secondary password-field__toggle"
        onClick={() => setVisible((shown) => !shown)}
      >
        {visible ? t('entry.hidePassword') : t('entry.showPassword')}
      </button>
    </div>
  );
}
