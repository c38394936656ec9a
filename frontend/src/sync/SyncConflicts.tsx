import { useId } from 'react';
import { resolveSyncConflict, type SyncConflict, type SyncStatus } from '../api/client';
import { FormAlert } from '../components/FormAlert';
import { useSubmit } from '../components/useSubmit';
import { PROFILE_FIELDS } from '../components/fields';
import { useI18n, type MessageKey } from '../i18n';

/** Labels of the synced fields (the profile's, and its picture), for conflicts and refusals. */
export const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field.name, field.label])),
  avatar: 'sync.fieldAvatar',
};

export interface SyncConflictsProps {
  conflicts: SyncConflict[];
  onResolved: (sync: SyncStatus) => void;
}

/** Each field changed on both sides, with a choice of which value to keep. */
export function SyncConflicts({ conflicts, onResolved }: SyncConflictsProps) {
  const { t } = useI18n();
  const titleId = useId();
  const submit = useSubmit(async (field: string, keep: 'mine' | 'server') => onResolved(await resolveSyncConflict(field, keep)));
  if (conflicts.length === 0) return null;

  // Pictures are not compared by content (the server re-encodes them), so
  // two pictures in conflict are simply different ones.
  const shown = (c: SyncConflict, side: 'mine' | 'server') => {
    const value = c[side];
    if (c.field !== 'avatar') return value === '' ? t('sync.emptyValue') : value;
    if (value === '') return t('sync.noPicture');
    return side === 'server' && c.mine !== '' ? t('sync.differentPicture') : t('sync.picture');
  };

  return (
    <section className="sync-conflicts" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('sync.conflictsTitle')}</h3>
      <p className="muted">{t('sync.conflictsIntro')}</p>
      <FormAlert error={submit.error} />
      <ul className="sync-conflicts__list">
        {conflicts.map((c) => {
          const label = FIELD_LABELS[c.field];
          return (
            <li key={c.field} className="sync-conflicts__item">
              <h4>{label ? t(label) : c.field}</h4>
              <dl className="sync-conflicts__values">
                <dt>{t('sync.onThisComputer')}</dt>
                <dd>{shown(c, 'mine')}</dd>
                <dt>{t('sync.onTheServer')}</dt>
                <dd>{shown(c, 'server')}</dd>
              </dl>
              <div className="form__actions">
                <button type="button" className="button button--secondary" disabled={submit.busy} onClick={() => void submit.run(c.field, 'mine')}>
                  {t('sync.keepMine')}
                </button>
                <button type="button" className="button button--secondary" disabled={submit.busy} onClick={() => void submit.run(c.field, 'server')}>
                  {t('sync.keepServer')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
