import { memo } from 'react';
import type { SavedPasswordSummary } from '../api/client';
import { useI18n } from '../i18n';
import { SavedPasswordRow, type SavedPasswordRowHandlers } from './SavedPasswordRow';

export interface SavedPasswordListProps extends SavedPasswordRowHandlers {
  entries: readonly SavedPasswordSummary[];
  /** The search these entries answer: decides which empty state to show. */
  searched: string;
  /** Passwords currently shown, by entry id. */
  revealed: ReadonlyMap<number, string>;
}

/**
 * The entries as a list, or the empty state. Memoised, with memoised rows, so
 * typing in the search field does not render thousands of rows again.
 */
export const SavedPasswordList = memo(function SavedPasswordList({
  entries,
  searched,
  revealed,
  ...handlers
}: SavedPasswordListProps) {
  const { t } = useI18n();
  if (entries.length === 0) {
    return <p className="empty-state">{searched.trim() === '' ? t('vault.empty') : t('vault.noMatch')}</p>;
  }
  return (
    <ul className="entry-list" aria-label={t('vault.title')}>
      {entries.map((entry) => (
        <SavedPasswordRow key={entry.id} entry={entry} revealed={revealed.get(entry.id)} {...handlers} />
      ))}
    </ul>
  );
});
