import type { Ref } from 'react';
import { useI18n } from '../i18n';

export interface VaultEmptyStateProps {
  onAdd: () => void;
  /** The call to action, focused after the last entry is deleted. */
  addRef?: Ref<HTMLButtonElement>;
}

/** A vault with nothing in it: what it is for, and a button to add the first password. */
export function VaultEmptyState({ onAdd, addRef }: VaultEmptyStateProps) {
  const { t } = useI18n();
  return (
    <div className="vault-empty">
      <h2 className="vault-empty__title">{t('vault.empty')}</h2>
      <p className="vault-empty__text">{t('vault.emptyText')}</p>
      <button ref={addRef} type="button" className="button button--primary" onClick={onAdd}>
        {t('vault.addFirst')}
      </button>
    </div>
  );
}
