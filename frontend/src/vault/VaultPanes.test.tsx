import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openVault, stubListLayout, stubMatchMedia } from './testKit';
import { PAGE_SIZE } from './useSavedPasswords';

vi.mock('../api/client', () => import('../test/apiMock'));

const three = [api.bankEntry, api.mailEntry, api.unnamedEntry];

/** A row's own button, which selects it: named "name, username, URL" (spacing as the browser joins its parts). */
const rowButton = (name: string) => screen.getByRole('button', { name: new RegExp(`^${name}\\s*(,|$)`) });
const details = () => screen.queryByRole('region');

beforeEach(() => {
  api.resetApiMock();
  stubListLayout();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('two panes (a wide window)', () => {
  it('shows the chosen entry in full beside the list', async () => {
    const { user } = await openVault(three);
    expect(screen.getByText('Choose a saved password to see its details here.')).toBeInTheDocument();
    expect(details()).not.toBeInTheDocument();

    await user.click(rowButton('Bank'));
    const pane = screen.getByRole('region', { name: 'Bank' });
    expect(rowButton('Bank')).toHaveAttribute('aria-current', 'true');
    expect(within(pane).getByText('alice.bank')).toBeInTheDocument();
    expect(within(pane).getByText('https://bank.example.org/login')).toBeInTheDocument();
    expect(within(pane).getByText('Last changed')).toBeInTheDocument();
    expect(within(pane).queryByRole('button', { name: 'Back to the list' })).not.toBeInTheDocument();
    // The list stays: two panes.
    expect(screen.getByRole('list', { name: 'Saved passwords' })).toBeVisible();

    // An entry without a username says so.
    await user.click(rowButton('shop.example.net'));
    expect(within(screen.getByRole('region', { name: 'shop.example.net' })).getByText('Not set')).toBeInTheDocument();
  });

  it('shows, copies, edits and deletes from the details', async () => {
    const { user } = await openVault(three);
    await user.click(rowButton('Mail'));
    const pane = screen.getByRole('region', { name: 'Mail' });
    api.revealSavedPassword.mockResolvedValue('m41l-pass');
    await user.click(within(pane).getByRole('button', { name: 'Show password for Mail' }));
    expect(await within(pane).findByText('m41l-pass')).toBeInTheDocument();
    // The row shows it too: one state for both.
    expect(within(screen.getByRole('list', { name: 'Saved passwords' })).getByText('m41l-pass')).toBeInTheDocument();
    await user.click(within(pane).getByRole('button', { name: 'Hide password for Mail' }));
    expect(screen.queryByText('m41l-pass')).not.toBeInTheDocument();

    api.copySavedPassword.mockResolvedValue(undefined);
    await user.click(within(pane).getByRole('button', { name: 'Copy password for Mail' }));
    expect(api.copySavedPassword).toHaveBeenCalledWith(11);

    await user.click(within(pane).getByRole('button', { name: 'Edit Mail' }));
    const edit = await screen.findByRole('dialog', { name: 'Edit password' });
    expect(within(edit).getByLabelText('Username or email')).toHaveValue('alice@example.com');
    await user.click(within(edit).getByRole('button', { name: 'Cancel' }));

    await user.click(within(pane).getByRole('button', { name: 'Delete Mail' }));
    api.deleteSavedPassword.mockResolvedValue(undefined);
    api.serveSavedPasswords([api.bankEntry, api.unnamedEntry]);
    await user.click(within(screen.getByRole('dialog', { name: 'Delete saved password' })).getByRole('button', { name: 'Delete' }));
    expect(api.deleteSavedPassword).toHaveBeenCalledWith(11);
    expect(await screen.findByText('Choose a saved password to see its details here.')).toBeInTheDocument();
  });

  it('moves the selection with the arrow keys and opens the details with Enter', async () => {
    const { user } = await openVault(three);
    // One row is in the Tab order: the first, while nothing is selected.
    expect(rowButton('Bank')).toHaveAttribute('tabindex', '0');
    expect(rowButton('Mail')).toHaveAttribute('tabindex', '-1');
    rowButton('Bank').focus();

    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(rowButton('Mail')).toHaveFocus());
    expect(rowButton('Mail')).toHaveAttribute('aria-current', 'true');
    expect(rowButton('Mail')).toHaveAttribute('tabindex', '0');
    expect(screen.getByRole('region', { name: 'Mail' })).toBeInTheDocument();

    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('shop.example.net')).toHaveFocus());
    await user.keyboard('{ArrowDown}'); // already the last
    expect(rowButton('shop.example.net')).toHaveFocus();
    await user.keyboard('{Home}');
    await waitFor(() => expect(rowButton('Bank')).toHaveFocus());

    await user.keyboard('{Enter}');
    const heading = screen.getByRole('heading', { level: 2, name: 'Bank' });
    await waitFor(() => expect(heading).toHaveFocus());
  });
});

describe('one pane (a narrow window)', () => {
  it('replaces the list with the details, and Back returns to the row', async () => {
    stubMatchMedia(false);
    const { user } = await openVault(three);
    expect(screen.queryByText('Choose a saved password to see its details here.')).not.toBeInTheDocument();

    await user.click(rowButton('Mail'));
    const pane = screen.getByRole('region', { name: 'Mail' });
    expect(screen.getByRole('list', { name: 'Saved passwords', hidden: true })).not.toBeVisible();
    await waitFor(() => expect(within(pane).getByRole('heading', { name: 'Mail' })).toHaveFocus());

    await user.click(within(pane).getByRole('button', { name: 'Back to the list' }));
    expect(details()).not.toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Saved passwords' })).toBeVisible();
    await waitFor(() => expect(rowButton('Mail')).toHaveFocus());
  });

  it('moves the selection with the arrows without leaving the list; Enter opens the details', async () => {
    stubMatchMedia(false);
    const { user } = await openVault(three);
    rowButton('Bank').focus();
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(rowButton('Mail')).toHaveFocus());
    expect(details()).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: 'Mail' })).toHaveFocus());
  });
});

/** `count` entries named Site 00000, Site 00001…, in that order. */
function sites(count: number): api.SavedPasswordSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name_pages: `Site ${String(i).padStart(5, '0')}`,
    url: `https://site${i}.example.com`,
    username: `user${i}`,
    updated_at: '2024-05-01T10:00:00Z',
  }));
}

describe('a long list', () => {
  const many = sites(10_000);

  it('renders only the rows in view, each saying where it is in the whole list', async () => {
    const { user } = await openVault(many);
    const list = await screen.findByRole('list', { name: 'Saved passwords' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
    expect(rows[0]).toHaveAttribute('aria-posinset', '1');

    // End goes to the last entry, which is rendered once scrolled to, and focused.
    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('Site 09999')).toHaveFocus());
    expect(rowButton('Site 09999').closest('[role="listitem"]')).toHaveAttribute('aria-posinset', '10000');
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40);
  });

  const offsets = () => api.listSavedPasswords.mock.calls.map(([, offset]) => offset);

  it('fetches only the pages in view: the first on opening, the last for End, none again for Home', async () => {
    const { user } = await openVault(many);
    expect(api.listSavedPasswords.mock.calls).toEqual([['', 0, PAGE_SIZE]]);

    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('Site 09999')).toHaveFocus());
    expect(screen.getByRole('button', { name: /^Site 09999/, current: true })).toBeInTheDocument();
    expect(offsets()).toEqual([0, 10_000 - PAGE_SIZE]);

    // The first page is kept: Home shows it without asking again.
    await user.keyboard('{Home}');
    await waitFor(() => expect(rowButton('Site 00000')).toHaveFocus());
    expect(offsets()).toEqual([0, 10_000 - PAGE_SIZE]);
  });

  it('shows rows whose page is on its way as loading, in their place, then the entries', async () => {
    const { user } = await openVault(many);
    const last = api.deferred<api.SavedPasswordPage>();
    const served = api.listSavedPasswords.getMockImplementation()!;
    api.listSavedPasswords.mockImplementationOnce(async (...args) => {
      const page = await served(...args);
      await last.promise;
      return page;
    });
    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    const list = screen.getByRole('list', { name: 'Saved passwords' });
    const loading = await within(list).findAllByText('Loading…');
    const lastRow = loading.at(-1)!.closest('[role="listitem"]');
    expect(lastRow).toHaveAttribute('aria-posinset', '10000');
    expect(lastRow).toHaveAttribute('aria-busy', 'true');

    last.resolve({ items: [], total: 0, generation: 0 });
    // Focus and the selection reach the last entry once its page is here.
    await waitFor(() => expect(rowButton('Site 09999')).toHaveFocus());
    expect(within(list).queryByText('Loading…')).not.toBeInTheDocument();
  });

  it('drops the pages it kept when a page comes from a newer store generation', async () => {
    const { user } = await openVault(many);
    // Written behind the page's back (a sync): the first entry is renamed.
    api.serveSavedPasswords([{ ...many[0]!, name_pages: 'Renamed 00000' }, ...many.slice(1)]);
    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('Site 09999')).toHaveFocus());
    // The first page was read before the change: it is fetched again.
    await user.keyboard('{Home}');
    await waitFor(() => expect(rowButton('Renamed 00000')).toHaveFocus());
    expect(offsets()).toEqual([0, 10_000 - PAGE_SIZE, 0]);
  });

  it('says when a page fails to load, drops the answers still on their way, and Retry builds the list again', async () => {
    const { user } = await openVault(many);
    const served = api.listSavedPasswords.getMockImplementation()!;
    // Of the pages in view, one fails and another answers after that.
    const later = api.deferred<void>();
    api.listSavedPasswords.mockImplementation(async (query, offset, limit) => {
      if (offset === 5000) throw new api.AppError('internal', { key: 'error.generic' });
      if (offset === 5100) await later.promise;
      return served(query, offset, limit);
    });
    const list = screen.getByRole('list', { name: 'Saved passwords' });
    list.parentElement!.scrollTop = 5050 * 60;
    fireEvent.scroll(list.parentElement!);
    const retry = await screen.findByRole('button', { name: 'Try again' });
    later.resolve();
    api.listSavedPasswords.mockImplementation(served);
    await user.click(retry);
    // The list is built again, from the top.
    expect(await screen.findByRole('button', { name: /^Site 00000/ })).toBeInTheDocument();
    expect(offsets().slice(-4)).toEqual([4900, 5000, 5100, 0]);
  });

  it('after an edit, loads again the pages in view, not the first', async () => {
    const { user } = await openVault(many);
    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('Site 09999')).toHaveFocus());
    api.revealSavedPassword.mockResolvedValue('pw');
    api.updateSavedPassword.mockImplementation(async (id, input) => ({ ...many[id - 1]!, ...input }));
    await user.click(screen.getByRole('button', { name: 'More actions for Site 09999' }));
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit password' });
    await user.type(within(dialog).getByLabelText('Name'), ' new');
    api.serveSavedPasswords([...many.slice(0, -1), { ...many.at(-1)!, name_pages: 'Site 09999 new' }]);
    const before = offsets().length;
    await user.click(within(dialog).getByRole('button', { name: 'Save password' }));
    await waitFor(() => expect(rowButton('Site 09999 new')).toBeInTheDocument());
    expect(offsets().slice(before)).toEqual([10_000 - PAGE_SIZE]);
  });
});

describe('focus in a long list never falls to the body', () => {
  const many = sites(2_000);
  const scroller = () => screen.getByRole('list', { name: 'Saved passwords', hidden: true }).parentElement!;
  /** Scrolls the list as a wheel would (the virtual list reads scrollTop on the scroll event). */
  const scrollListTo = (top: number) =>
    act(() => {
      scroller().scrollTop = top;
      scroller().dispatchEvent(new Event('scroll'));
    });
  /** A row's control by its name (the details have a Copy button of the same name). */
  const inList = (name: string) => within(screen.getByRole('list', { name: 'Saved passwords' })).getByRole('button', { name });
  const rowOf = (name: string) => screen.queryByRole('button', { name: new RegExp(`^${name}\\s*,`) });

  it('Back brings the row just viewed into view and focuses it, even after the list scrolled away from it', async () => {
    stubMatchMedia(false);
    const { user } = await openVault(many);
    rowButton('Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(rowButton('Site 01999')).toHaveFocus());
    await user.keyboard('{Enter}');
    const pane = screen.getByRole('region', { name: 'Site 01999' });
    await waitFor(() => expect(within(pane).getByRole('heading', { name: 'Site 01999' })).toHaveFocus());
    // A hidden list loses its scroll position in a browser: back at the top, its last row is not rendered.
    scrollListTo(0);
    await waitFor(() => expect(rowOf('Site 01999')).not.toBeInTheDocument());

    await user.click(within(pane).getByRole('button', { name: 'Back to the list' }));
    await waitFor(() => expect(rowButton('Site 01999')).toHaveFocus());
  });

  it('keeps the focused row while the list scrolls away from it', async () => {
    const { user } = await openVault(many);
    await user.click(rowButton('Site 00000'));
    expect(rowButton('Site 00000')).toHaveFocus();
    scrollListTo(60_000);
    await waitFor(() => expect(rowOf('Site 01000')).toBeInTheDocument());
    expect(rowButton('Site 00000')).toHaveFocus();
  });

  it('End, Home, Page Down and Page Up on a row’s Copy button move to that row’s Copy, focused', async () => {
    const { user } = await openVault(many);
    inList('Copy password for Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(inList('Copy password for Site 01999')).toHaveFocus());
    expect(rowButton('Site 01999')).toHaveAttribute('aria-current', 'true');
    await user.keyboard('{Home}');
    await waitFor(() => expect(inList('Copy password for Site 00000')).toHaveFocus());
    await user.keyboard('{PageDown}');
    // A page is the rows the list shows (600 px of 60 px rows), less one.
    await waitFor(() => expect(inList('Copy password for Site 00009')).toHaveFocus());
    await user.keyboard('{PageUp}');
    await waitFor(() => expect(inList('Copy password for Site 00000')).toHaveFocus());
    // On the menu's trigger, End moves to the last row's trigger (the arrows stay the menu's).
    inList('More actions for Site 00000').focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(inList('More actions for Site 01999')).toHaveFocus());
  });

  it('a dialog opened from a row gives focus back to that row’s control, rendered again if it scrolled away', async () => {
    const { user } = await openVault(many);
    api.revealSavedPassword.mockResolvedValue('s3cret');
    await user.click(screen.getByRole('button', { name: 'More actions for Site 00000' }));
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit password' });
    scrollListTo(60_000);
    await waitFor(() => expect(rowOf('Site 00000')).not.toBeInTheDocument());

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'More actions for Site 00000' })).toHaveFocus());
  });

  it('after a deletion, focus goes to the row that took its place, or the one before when it was the last', async () => {
    const { user } = await openVault(many.slice(0, 3));
    api.deleteSavedPassword.mockResolvedValue(undefined);
    await user.click(screen.getByRole('button', { name: 'More actions for Site 00002' }));
    await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Delete' }));
    api.serveSavedPasswords(many.slice(0, 2));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(rowOf('Site 00002')).not.toBeInTheDocument());
    await waitFor(() => expect(rowButton('Site 00001')).toHaveFocus());
  });
});

describe('Esc in the details', () => {
  it('goes back to the list with one pane, the row focused', async () => {
    stubMatchMedia(false);
    const { user } = await openVault(three);
    await user.click(rowButton('Mail'));
    const pane = screen.getByRole('region', { name: 'Mail' });
    await waitFor(() => expect(within(pane).getByRole('heading', { name: 'Mail' })).toHaveFocus());
    await user.keyboard('{Escape}');
    expect(details()).not.toBeInTheDocument();
    await waitFor(() => expect(rowButton('Mail')).toHaveFocus());
  });

  it('gives focus back to the row with two panes; an open dialog takes Esc first', async () => {
    const { user } = await openVault(three);
    await user.click(rowButton('Mail'));
    const pane = screen.getByRole('region', { name: 'Mail' });
    await user.click(within(pane).getByRole('button', { name: 'Delete Mail' }));
    await screen.findByRole('dialog', { name: 'Delete saved password' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const deleteButton = within(pane).getByRole('button', { name: 'Delete Mail' });
    await waitFor(() => expect(deleteButton).toHaveFocus());

    await user.keyboard('{Escape}');
    await waitFor(() => expect(rowButton('Mail')).toHaveFocus());
    // Two panes: the details stay beside the list.
    expect(screen.getByRole('region', { name: 'Mail' })).toBeInTheDocument();
  });
});
