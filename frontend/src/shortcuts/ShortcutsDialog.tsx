import { Modal } from '../components/Modal';
import { useI18n, type MessageKey } from '../i18n';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

const SHORTCUTS: readonly { keys: string[]; label: MessageKey }[] = [
  { keys: [MOD, 'S'], label: 'shortcuts.save' },
  { keys: [MOD, ','], label: 'shortcuts.settings' },
  { keys: ['?'], label: 'shortcuts.help' },
  { keys: [MOD, '/'], label: 'shortcuts.help' },
  { keys: ['Esc'], label: 'shortcuts.close' },
];

/** Lists the keyboard shortcuts. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal title={t('shortcuts.title')} onClose={onClose}>
      <dl className="shortcuts">
        {SHORTCUTS.map(({ keys, label }) => (
          <div key={keys.join('+')} className="shortcuts__row">
            <dt>
              {keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && ' + '}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <div className="form__actions form__actions--end">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('shortcuts.done')}
        </button>
      </div>
    </Modal>
  );
}
