import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openVault, stubListLayout } from './testKit';

vi.mock('../api/client', () => import('../test/apiMock'));

/** What List returns for a saved password whose stored record is damaged: its id only. */
const damagedEntry: api.SavedPasswordSummary = { id: 14, name_pages: '', url: '', username: '', updated_at: '', damaged: true };

beforeEach(() => {
  api.resetApiMock();
  stubListLayout();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a damaged saved password', () => {
  it('is listed as damaged, with only Delete, while the others list as usual', async () => {
    const { user } = await openVault([damagedEntry, api.bankEntry]);
    const list = await screen.findByRole('list', { name: 'Saved passwords' });
    const [damaged, bank] = within(list).getAllByRole('listitem');
    expect(damaged).toHaveTextContent('Damaged saved password 14');
    expect(damaged).toHaveTextContent('Damaged: it can only be deleted.');
    expect(damaged).not.toHaveTextContent('••••••••');
    expect(within(damaged!).getAllByRole('button')).toEqual([
      within(damaged!).getByRole('button', { name: /^Damaged saved password 14\s*,\s*Damaged: it can only be deleted\.$/ }),
      within(damaged!).getByRole('button', { name: 'More actions for Damaged saved password 14' }),
    ]);
    await user.click(within(damaged!).getByRole('button', { name: 'More actions for Damaged saved password 14' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Delete']);
    await user.keyboard('{Escape}');
    for (const label of ['Copy password for Bank', 'More actions for Bank']) {
      expect(within(bank!).getByRole('button', { name: label })).toBeInTheDocument();
    }

    // Its details explain, and offer Delete only.
    await user.click(within(damaged!).getByRole('button', { name: /^Damaged saved password 14\s*,/ }));
    const pane = screen.getByRole('region', { name: 'Damaged saved password 14' });
    expect(pane).toHaveTextContent('Part of the data file holding it is damaged');
    expect(within(pane).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual([
      'Delete Damaged saved password 14',
    ]);
  });

  it('can be deleted', async () => {
    const { user } = await openVault([damagedEntry, api.bankEntry]);
    api.deleteSavedPassword.mockResolvedValue(undefined);
    await user.click(await screen.findByRole('button', { name: 'More actions for Damaged saved password 14' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete saved password' });
    expect(dialog).toHaveAccessibleDescription(/Damaged saved password 14/);
    api.serveSavedPasswords([api.bankEntry]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(api.deleteSavedPassword).toHaveBeenCalledWith(14);
    await waitFor(() => expect(screen.queryByText(/Damaged saved password/)).not.toBeInTheDocument());
  });
});
