import { render, screen } from '@testing-library/react';
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
