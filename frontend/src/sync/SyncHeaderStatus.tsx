import type { SyncState } from '../api/client';
import { useSync } from '../session/SessionProvider';
import { useI18n } from '../i18n';
import { Icon } from '../navigation/Icon';
import { syncStateText, transferText } from './SyncStatusBadge';
import './sync.css';

/** States that wait on the user: the button is marked for attention. */
const NEEDS_USER: ReadonlySet<SyncState> = new Set(['conflict', 'needs_signin', 'error']);

export interface SyncHeaderStatusProps {
  /** Opens Settings at its Sync section. */
  onShowSettings: () => void;
}

/**
 * The sync state in the app header, on every signed-in screen: a button
 * (icon, text, tooltip) that opens the sync settings, where the actions are.
 * Changes are announced through a polite live region of their own, since a
 * button's text changing is not.
 */
export function SyncHeaderStatus({ onShowSettings }: SyncHeaderStatusProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { state } = useSync();
  if (state.status !== 'ready') return null;
  const { sync } = state;
  const text = sync.transfer ? transferText(sync.transfer, i18n) : syncStateText(sync, i18n);
  const attention = NEEDS_USER.has(sync.state) || sync.problems.length > 0;
  // The name holds the text the button shows (WCAG 2.5.3), transfer included.
  const tooltip = t('header.syncStatus', { state: text });
  return (
    <div className="sync-header">
      <button
        type="button"
        className={`sync-header__button sync-header__button--${sync.state}${attention ? ' sync-header__button--attention' : ''}`}
        title={tooltip}
        aria-label={tooltip}
        onClick={onShowSettings}
      >
        <Icon name="sync" className="sync-header__icon" />
        <span className="sync-header__text">{text}</span>
      </button>
      <span className="visually-hidden" role="status">
        {syncStateText(sync, i18n)}
      </span>
    </div>
  );
}
