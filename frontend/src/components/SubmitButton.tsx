import type { ButtonHTMLAttributes } from 'react';

export interface SubmitButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  busy: boolean;
  variant?: 'primary' | 'danger';
}

/** A form's submit button: disabled and aria-busy while its call is pending. */
export function SubmitButton({ busy, variant = 'primary', disabled, className, children, ...rest }: SubmitButtonProps) {
  return (
    <button
      {...rest}
      type="submit"
      className={['button', `button--${variant}`, className ?? ''].filter(Boolean).join(' ')}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}
