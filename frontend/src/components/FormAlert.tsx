import type { AppError } from '../api/client';
import { useI18n } from '../i18n';

/** A form's overall error, announced at once (role="alert"). Renders nothing without an error. */
export function FormAlert({ error }: { error: AppError | null }) {
  const { errorMessage } = useI18n();
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      {errorMessage(error)}
    </div>
  );
}
