import type { FieldErrors } from '../api/client';
import { TextField } from './TextField';
import { useI18n, type MessageKey } from '../i18n';
import type { FieldSpec } from './fields';

export interface AccountFieldsProps<Name extends string> {
  fields: readonly FieldSpec<Name>[];
  values: Readonly<Record<Name, string>>;
  /** Backend messages per field, shown under their fields. */
  errors: FieldErrors;
  onChange: (name: Name, value: string) => void;
  /** Replaces a field's usual hint (e.g. "leave empty to remove" when editing). */
  hints?: Partial<Record<Name, MessageKey>>;
  /** While a save is on its way the input stays readable (and focused) but cannot change. */
  readOnly?: boolean;
}

/** The account's labelled inputs in a two-column grid, shared by sign-up and profile editing. */
export function AccountFields<Name extends string>({ fields, values, errors, onChange, hints, readOnly }: AccountFieldsProps<Name>) {
  const { t, fieldMessage } = useI18n();
  return (
    <div className="form__grid">
      {fields.map((field) => {
        const hint = hints?.[field.name] ?? field.hint;
        return (
          <TextField
            key={field.name}
            {...field.input}
            className={field.half ? 'field--half' : undefined}
            label={t(field.label)}
            name={field.name}
            hint={hint && t(hint)}
            optional={field.optional}
            required={!field.optional}
            readOnly={readOnly}
            value={values[field.name]}
            onChange={(e) => onChange(field.name, e.target.value)}
            error={fieldMessage(errors[field.name], field.name)}
          />
        );
      })}
    </div>
  );
}
