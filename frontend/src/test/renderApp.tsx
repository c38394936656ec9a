import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../App';
import { I18nProvider, type Language } from '../i18n';

/** Renders the whole app (with the API module mocked by the calling test file). */
export function renderApp(language: Language = 'en') {
  const user = userEvent.setup();
  const view = render(
    <I18nProvider language={language}>
      <App />
    </I18nProvider>,
  );
  return { user, ...view };
}

/** The <dd> shown for a <dt> label in the profile's details list. */
export function detailValue(label: string): string {
  const term = screen.getAllByText(label, { selector: 'dt' })[0];
  const value = term?.nextElementSibling;
  if (!value) throw new Error(`no value for ${label}`);
  return value.textContent ?? '';
}

/** Opens a signed-in screen ("Settings", "Saved passwords"…) from the sidebar, once signed in. */
export async function openSection(user: ReturnType<typeof userEvent.setup>, name: string) {
  const sidebar = await screen.findByRole('navigation', { name: /^(Sections|Secciones)$/ });
  await user.click(within(sidebar).getByRole('button', { name }));
}

/** Signs out through the account menu in the header. */
export async function signOutFromMenu(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: /^(Account|Cuenta): / }));
  await user.click(screen.getByRole('menuitem', { name: /^(Sign out|Cerrar sesión)$/ }));
}
