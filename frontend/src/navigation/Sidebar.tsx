import { useI18n, type MessageKey } from '../i18n';

/** The signed-in screens, in sidebar order. */
export type Section = 'profile' | 'vault' | 'settings';

const ICONS: Record<Section, string> = {
  // A person, a key, a gear: 24×24 strokes.
  profile: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 20a8 8 0 0 1 16 0',
  vault: 'M14.5 9.5a4 4 0 1 0-3.2 3.9L13 15h2v2h2v2h3v-3l-5.4-5.4c.1-.3.1-.7-.1-1.1ZM8.5 8.5h.01',
  settings:
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1Z',
};

const SECTIONS: readonly { id: Section; label: MessageKey }[] = [
  { id: 'profile', label: 'nav.profile' },
  { id: 'vault', label: 'nav.vault' },
  { id: 'settings', label: 'nav.settings' },
];

export interface SidebarProps {
  current: Section;
  onSelect: (section: Section) => void;
}

/**
 * The signed-in screens as a sidebar, the current one marked
 * aria-current="page". In a narrow window only the icons show; the names stay
 * the buttons' accessible names and tooltips.
 */
export function Sidebar({ current, onSelect }: SidebarProps) {
  const { t } = useI18n();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <ul className="sidebar__list">
        {SECTIONS.map(({ id, label }) => (
          <li key={id}>
            <button
              type="button"
              className="sidebar__item"
              title={t(label)}
              aria-current={id === current ? 'page' : undefined}
              onClick={() => onSelect(id)}
            >
              <svg className="sidebar__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d={ICONS[id]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              <span className="sidebar__label">{t(label)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
