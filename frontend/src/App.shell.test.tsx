import { screen } from '@testing-library/react';
import { beforeEach, expect, it, vi } from 'vitest';
import indexHtml from '../index.html?raw';
import * as api from './test/apiMock';
import { renderApp } from './test/renderApp';

vi.mock('./api/client', () => import('./test/apiMock'));

beforeEach(() => {
  api.resetApiMock();
  api.getProfile.mockReturnValue(new Promise(() => {})); // still loading
});

/** The markup of el, with the whitespace between tags dropped. */
function markup(el: Element | null | undefined): string {
  return (el?.outerHTML ?? '').replace(/>\s+</g, '><').trim();
}

// index.html paints a header before the bundle runs; when React takes over
// the first thing it draws must be that same header, or the window jumps.
it('paints in index.html the same header the app renders while loading', async () => {
  const shell = new DOMParser().parseFromString(indexHtml, 'text/html');
  const shellHeader = shell.querySelector('#root > .app > header');
  expect(shellHeader).not.toBeNull();

  for (const language of ['en', 'es'] as const) {
    const { container, unmount } = renderApp(language);
    await screen.findByRole('status');
    expect(markup(container.querySelector('.app > header'))).toBe(markup(shellHeader));
    unmount();
  }
});
