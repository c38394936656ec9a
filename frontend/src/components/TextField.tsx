import { useId, type InputHTMLAttributes, type Ref } from 'react';
import { useT } from '../i18n';

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children' | 'aria-invalid' | 'aria-describedby'> {
  label: string;
  /** Already translated; shown under the input and linked to it, in place of the hint. */
  error?: string | undefined;
  /** How to fill the field; an error says it again in its own words, so it takes the hint's place. */
  hint?: string | undefined;
  /** Adds an "Optional" marker next to (not inside) the label. */
  optional?: boolean;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint (or, when invalid, its error message) linked by aria-describedby. */
export function TextField({ label, error, hint, optional = false, className, ref, ...inputProps }: TextFieldProps) {
  const t = useT();
  const id = useId();
  const optionalId = `${id}-optional`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const shownHint = error ? undefined : hint;
  const describedBy = [error && errorId, shownHint && hintId, optional && optionalId].filter(Boolean).join(' ');

  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <div className="field__label-row">
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {optional && (
          <span className="field__optional" id={optionalId}>
            {t('common.optional')}
          </span>
        )}
      </div>
      <input
        {...inputProps}
        ref={ref}
        id={id}
        className="field__input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {shownHint && (
        <p className="field__hint" id={hintId}>
          {shownHint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
