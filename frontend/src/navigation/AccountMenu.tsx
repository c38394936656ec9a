import { MenuButton } from '../components/MenuButton';
import { useI18n } from '../i18n';

export interface AccountMenuProps {
  username: string;
  onSettings: () => void;
  onSignOut: () => void;
}

/**
 * Who is signed in, as a menu button in the header: the name (cut with an
 * ellipsis when long, whole in the menu and the tooltip), with Settings and
 * Sign out inside, so the header fits any language at 800 px.
 */
export function AccountMenu({ username, onSettings, onSignOut }: AccountMenuProps) {
  const { t } = useI18n();
  const label = t('header.accountMenu', { name: username });
  return (
    <MenuButton
      className="button button--secondary account-button"
      label={label}
      title={label}
      header={t('header.signedInAs', { name: username })}
      items={[
        { id: 'settings', label: t('nav.settings'), onSelect: onSettings },
        { id: 'signOut', label: t('session.signOut'), onSelect: onSignOut },
      ]}
    >
      <svg className="account-button__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8ZM4 20a8 8 0 0 1 16 0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="account-button__name">{username}</span>
    </MenuButton>
  );
}
