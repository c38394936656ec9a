import { useI18n, type MessageKey } from '../i18n';
import { Icon } from './Icon';

/** The signed-in screens, in sidebar order. */
export type Section = 'profile' | 'vault' | 'settings';


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
              <Icon name={id} className="sidebar__icon" />
              <span className="sidebar__label">{t(label)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
