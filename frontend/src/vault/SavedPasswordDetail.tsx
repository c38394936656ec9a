import { useId, type KeyboardEvent, type Ref } from 'react';
import type { SavedPasswordSummary } from '../api/client';
import { useI18n } from '../i18n';
import { entryDisplayName } from './displayName';
import { MaskedPassword } from './MaskedPassword';
import type { SavedPasswordRowHandlers } from './SavedPasswordRow';

export interface SavedPasswordDetailProps extends Pick<SavedPasswordRowHandlers, 'onToggleReveal' | 'onCopy' | 'onEdit' | 'onDelete'> {
  entry: SavedPasswordSummary;
  /** The password while it is shown; undefined while it is masked. */
  revealed: string | undefined;
  /** Given in the one-pane layout, where the details replace the list: goes back to it. */
  onBack?: (() => void) | undefined;
  /** Esc in the details: they close (one pane) or focus goes back to the list (two panes). */
  onClose: () => void;
  /** The heading, which takes focus when the details are opened from the list. */
  headingRef?: Ref<HTMLHeadingElement>;
}

function formatChanged(iso: string, language: string): string | null {
  const date = new Date(iso);
  if (iso === '' || Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * One saved password in full: every value unshortened (the list cuts long
 * ones), the password masked until shown, Copy, Edit, and Delete kept apart
 * at the end.
 */
export function SavedPasswordDetail(props: SavedPasswordDetailProps) {
  const { entry, revealed, onBack, onClose, headingRef, onToggleReveal, onCopy, onEdit, onDelete } = props;
  const { t, language } = useI18n();
  const headingId = useId();
  const name = entry.damaged ? t('vault.damagedName', { id: entry.id }) : entryDisplayName(entry);
  const shown = revealed !== undefined;
  const changed = formatChanged(entry.updated_at, language);

  // A dialog takes Esc before it gets here (its listener stops it).
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    onClose();
  };

  return (
    <section className="entry-detail" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      {onBack && (
        <button type="button" className="button button--link entry-detail__back" onClick={onBack}>
          {t('vault.back')}
        </button>
      )}
      <h2 className="entry-detail__name" id={headingId} ref={headingRef} tabIndex={-1}>
        {name}
      </h2>
      {entry.damaged ? (
        <p className="entry-detail__damaged">{t('vault.damagedHint')}</p>
      ) : (
        <dl className="entry-detail__fields">
          <div className="entry-detail__field">
            <dt>{t('vault.fieldUsername')}</dt>
            <dd className={entry.username === '' ? 'details__empty' : undefined}>{entry.username || t('common.notSet')}</dd>
          </div>
          <div className="entry-detail__field">
            <dt>{t('entry.url')}</dt>
            <dd translate="no">{entry.url}</dd>
          </div>
          <div className="entry-detail__field">
            <dt>{t('field.password')}</dt>
            <dd className="entry-detail__password">
              <MaskedPassword className="entry-detail__secret" revealed={revealed} />
              <span className="entry-detail__password-actions">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t(shown ? 'vault.hideFor' : 'vault.showFor', { name })}
                  onClick={() => onToggleReveal(entry.id)}
                >
                  {t(shown ? 'vault.hide' : 'vault.show')}
                </button>
                <button
                  type="button"
                  className="button button--primary button--small"
                  aria-label={t('vault.copyFor', { name })}
                  onClick={() => onCopy(entry.id)}
                >
                  {t('vault.copy')}
                </button>
              </span>
            </dd>
          </div>
          {changed && (
            <div className="entry-detail__field">
              <dt>{t('vault.changed')}</dt>
              <dd>{changed}</dd>
            </div>
          )}
        </dl>
      )}
      <div className="entry-detail__actions">
        {!entry.damaged && (
          <button type="button" className="button button--secondary" aria-label={t('vault.editFor', { name })} onClick={() => onEdit(entry)}>
            {t('vault.edit')}
          </button>
        )}
        <button
          type="button"
          className="button button--danger-outline entry-detail__delete"
          aria-label={t('vault.deleteFor', { name })}
          onClick={() => onDelete(entry)}
        >
          {t('vault.delete')}
        </button>
      </div>
    </section>
  );
}
