import { useState } from 'react';
import { TextField, type TextFieldProps } from '../components/TextField';
import { useI18n } from '../i18n';

export interface PasswordInputProps extends Omit<TextFieldProps, 'type'> {
  /** Whether the password is shown; left out, the field keeps this itself (hidden at first). */
  shown?: boolean;
  onShownChange?: (shown: boolean) => void;
}

/** A password TextField with a button that shows or hides what it holds. */
export function PasswordInput({ shown, onShownChange, ...props }: PasswordInputProps) {
  const { t } = useI18n();
  const [ownShown, setOwnShown] = useState(false);
  const visible = shown ?? ownShown;
  const toggle = () => {
    setOwnShown(!visible);
    onShownChange?.(!visible);
  };
  return (
    <div className="password-field">
      <TextField
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        {...props}
        type={visible ? 'text' : 'password'}
      />
      <button type="button" className="button button--secondary password-field__toggle" onClick={toggle}>
        {visible ? t('entry.hidePassword') : t('entry.showPassword')}
      </button>
    </div>
  );
}
