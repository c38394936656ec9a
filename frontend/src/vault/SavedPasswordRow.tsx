import { memo } from 'react';
import type { SavedPasswordSummary } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { entryDisplayName } from './displayName';

export const MASK = '••••••••';

export interface SavedPasswordRowHandlers {
  onToggleReveal: (id: number) => void;
  onCopy: (id: number) => void;
  onEdit: (entry: SavedPasswordSummary) => void;
  onDelete: (entry: SavedPasswordSummary) => void;
}

export interface SavedPasswordRowProps extends SavedPasswordRowHandlers {
  entry: SavedPasswordSummary;
  /** The password while it is shown; undefined while it is masked. */
  revealed: string | undefined;
}

interface RowAction {
  text: MessageKey;
  /** The accessible name, with the entry's name so every row's buttons differ. */
  label: MessageKey;
  onClick: () => void;
  danger?: boolean;
}

/**
 * One saved password: name (or host), URL, the masked or shown password and
 * its actions; a damaged one says so and can only be deleted. Memoised: a
 * row renders again only when its own props change.
 */
export const SavedPasswordRow = memo(function SavedPasswordRow(props: SavedPasswordRowProps) {
  const { entry, revealed, onToggleReveal, onCopy, onEdit, onDelete } = props;
  const { t } = useI18n();
  const name = entry.damaged ? t('vault.damagedName', { id: entry.id }) : entryDisplayName(entry);
  const shown = revealed !== undefined;

  const remove: RowAction = { text: 'vault.delete', label: 'vault.deleteFor', onClick: () => onDelete(entry), danger: true };
  const actions: readonly RowAction[] = entry.damaged
    ? [remove]
    : [
        {
          text: shown ? 'vault.hide' : 'vault.show',
          label: shown ? 'vault.hideFor' : 'vault.showFor',
          onClick: () => onToggleReveal(entry.id),
        },
        { text: 'vault.copy', label: 'vault.copyFor', onClick: () => onCopy(entry.id) },
        { text: 'vault.edit', label: 'vault.editFor', onClick: () => onEdit(entry) },
        remove,
      ];

  return (
    <li className={entry.damaged ? 'entry entry--damaged' : 'entry'}>
      <div className="entry__info">
        <p className="entry__name">{name}</p>
        <p className="entry__url">{entry.damaged ? t('vault.damagedHint') : entry.url}</p>
      </div>
      {!entry.damaged && (
        <p className="entry__password">
          {shown ? (
            <span className="entry__secret" translate="no">
              {revealed}
            </span>
          ) : (
            <>
              <span className="entry__mask" aria-hidden="true">
                {MASK}
              </span>
              <span className="visually-hidden">{t('vault.passwordHidden')}</span>
            </>
          )}
        </p>
      )}
      <div className="entry__actions">
        {actions.map((action) => (
          <button
            key={action.text}
            type="button"
            className={`button button--small ${action.danger ? 'button--danger-outline' : 'button--secondary'}`}
            aria-label={t(action.label, { name })}
            onClick={action.onClick}
          >
            {t(action.text)}
          </button>
        ))}
      </div>
    </li>
  );
});
