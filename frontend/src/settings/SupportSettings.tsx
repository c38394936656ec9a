import { useState } from 'react';
import { copyDiagnostics, openDataFolder, openLogs, type AppError } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useI18n } from '../i18n';

/** Settings → Support: "Open data folder", "Open logs" and "Copy diagnostics", for support requests. */
export function SupportSettings() {
  const { t } = useI18n();
  const [error, setError] = useState<AppError | null>(null);
  const [copied, setCopied] = useState(false);

  const run = (action: () => Promise<unknown>, onDone?: () => void) => {
    setError(null);
    setCopied(false);
    action().then(onDone, (reason: AppError) => setError(reason));
  };

  return (
    <div className="support">
      <p className="muted">{t('support.intro')}</p>
      <FormAlert error={error} />
      <div className="form__actions">
        <button type="button" className="button button--secondary" onClick={() => run(openDataFolder)}>
          {t('support.openData')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => run(openLogs)}>
          {t('support.openLogs')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => run(copyDiagnostics, () => setCopied(true))}>
          {t('support.copyDiagnostics')}
        </button>
      </div>
      <p className="status-text" role="status">
        {copied ? t('support.copied') : ''}
      </p>
    </div>
  );
}
