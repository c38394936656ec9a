import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';
import * as displayName from './displayName';
import { stubListLayout } from './testKit';
import { PAGE_SIZE } from './useSavedPasswords';

vi.mock('../api/client', () => import('../test/apiMock'));
// Every row render names its entry once: counting the calls counts row renders.
vi.mock('./displayName', async (importOriginal) => {
  const real = await importOriginal<typeof import('./displayName')>();
  return { ...real, entryDisplayName: vi.fn(real.entryDisplayName) };
});

const rowRenders = vi.mocked(displayName.entryDisplayName);

beforeEach(() => {
  api.resetApiMock();
  rowRenders.mockClear();
  stubListLayout();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('saved password rows', () => {
  it('do not render again while typing in the search, nor when the search returns the same entries', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    api.serveSavedPasswords([api.bankEntry, api.mailEntry]);
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Saved passwords' }));
    await screen.findByRole('button', { name: 'More actions for Mail' });
    const afterFirstRender = rowRenders.mock.calls.length;
    expect(afterFirstRender).toBeGreaterThanOrEqual(2);

    // Both entries contain an "a": the answer is the same list.
    await user.type(screen.getByLabelText('Search saved passwords'), 'a');
    await waitFor(() => expect(api.listSavedPasswords).toHaveBeenLastCalledWith('a', 0, PAGE_SIZE));
    // The answer is in and React has applied it: no clock decides when to look.
    await act(async () => {
      await api.listSavedPasswords.mock.results.at(-1)?.value;
    });
    expect(rowRenders.mock.calls.length).toBe(afterFirstRender);

    // Showing one password renders that row only.
    api.revealSavedPassword.mockResolvedValue('secret');
    await user.click(screen.getByRole('button', { name: 'More actions for Mail' }));
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Show password' }));
    await screen.findByText('secret');
    expect(rowRenders.mock.calls.map(([entry]) => entry.name_pages).slice(afterFirstRender)).toEqual(['Mail']);
  });
});
