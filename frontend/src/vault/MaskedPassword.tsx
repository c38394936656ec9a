import { useI18n } from '../i18n';

export const MASK = '••••••••';

export interface MaskedPasswordProps {
  /** The password while it is shown; undefined while it is masked. */
  revealed: string | undefined;
  className?: string;
}

/** A saved password: dots (read as "Password hidden") or, once revealed, the password itself. */
export function MaskedPassword({ revealed, className }: MaskedPasswordProps) {
  const { t } = useI18n();
  return (
    <span className={['masked-password', className ?? ''].filter(Boolean).join(' ')}>
      {revealed !== undefined ? (
        <span className="masked-password__secret" translate="no">
          {revealed}
        </span>
      ) : (
        <>
          <span className="masked-password__mask" aria-hidden="true">
            {MASK}
          </span>
          <span className="visually-hidden">{t('vault.passwordHidden')}</span>
        </>
      )}
    </span>
  );
}
