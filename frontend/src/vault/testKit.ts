import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';

/**
 * Signs in (mocked) and opens the saved-passwords section with these
 * entries. The test file mocks '../api/client' with '../test/apiMock'.
 */
export async function openVault(entries: readonly api.SavedPasswordSummary[] = [api.bankEntry, api.mailEntry]) {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  api.serveSavedPasswords(entries);
  const rendered = renderApp();
  const nav = await screen.findByRole('navigation', { name: 'Sections' });
  await rendered.user.click(within(nav).getByRole('button', { name: 'Saved passwords' }));
  const heading = await screen.findByRole('heading', { level: 1, name: 'Saved passwords' });
  // The list arrives after the heading (its call resolves later).
  if (entries.length > 0) await within(await screen.findByRole('list', { name: 'Saved passwords' })).findAllByRole('listitem');
  return { ...rendered, nav, heading };
}

/**
 * jsdom lays nothing out (every element is 0 × 0), so a virtual list would
 * show no rows: give every element the client size of a list pane, and a
 * scroll height of its content as the virtual list sizes it (its first
 * child's style height); undone by vi.restoreAllMocks(). jsdom has no
 * Element.scrollTo either, which the list uses to bring a row chosen with
 * the keyboard into view: it sets scrollTop and reports the scroll, as a
 * browser does.
 */
export function stubListLayout(height = 600): void {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(height);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
  vi.spyOn(Element.prototype, 'scrollHeight', 'get').mockImplementation(function scrollHeight(this: Element) {
    const content = this.firstElementChild;
    return Math.max(height, content instanceof HTMLElement ? parseFloat(content.style.height) || 0 : 0);
  });
  if (typeof Element.prototype.scrollTo !== 'function') {
    Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number) {
      if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
      this.dispatchEvent(new Event('scroll'));
    };
  }
}

/** A matchMedia that answers `matches` to every query (the two-pane breakpoint, the theme). */
export function stubMatchMedia(matches: boolean): void {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  }));
}
