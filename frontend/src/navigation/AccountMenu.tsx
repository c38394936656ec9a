import { MenuButton } from '../components/MenuButton';
import { useI18n } from '../i18n';
import { Icon } from './Icon';

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
      <Icon name="profile" className="account-button__icon" />
      <span className="account-button__name">{username}</span>
    </MenuButton>
  );
}
