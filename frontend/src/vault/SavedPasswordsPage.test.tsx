import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';
import { openVault, stubListLayout } from './testKit';
import { PAGE_SIZE } from './useSavedPasswords';

vi.mock('../api/client', () => import('../test/apiMock'));

const LOCKED = 'PassDesk locked after a period of inactivity. Sign in again to continue.';

function rowNames(): string[] {
  const list = screen.getByRole('list', { name: 'Saved passwords' });
  return within(list)
    .getAllByRole('listitem')
    .map((row) => row.querySelector('.entry__name')?.textContent ?? '');
}

function searchCalls(): string[] {
  return api.listSavedPasswords.mock.calls.map(([query]) => query);
}

/** Chooses an action of a row's "More actions" menu. */
async function fromMenu(user: Awaited<ReturnType<typeof openVault>>['user'], name: string, action: string) {
  await user.click(await screen.findByRole('button', { name: `More actions for ${name}` }));
  await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: action }));
}

beforeEach(() => {
  api.resetApiMock();
  stubListLayout();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('section navigation', () => {
  it('starts on the profile and marks the current section', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const { user } = renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Sections' });
    const profile = within(nav).getByRole('button', { name: 'Profile' });
    const vault = within(nav).getByRole('button', { name: 'Saved passwords' });
    expect(profile).toHaveAttribute('aria-current', 'page');
    expect(vault).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('heading', { level: 1, name: 'Your profile' })).toBeInTheDocument();

    await user.click(vault);
    expect(await screen.findByRole('heading', { level: 1, name: 'Saved passwords' })).toHaveFocus();
    expect(vault).toHaveAttribute('aria-current', 'page');
    expect(profile).not.toHaveAttribute('aria-current');
    expect(screen.queryByRole('heading', { name: 'Your profile' })).not.toBeInTheDocument();

    await user.click(profile);
    expect(screen.getByRole('heading', { level: 1, name: 'Your profile' })).toHaveFocus();
    expect(screen.queryByRole('heading', { name: 'Saved passwords' })).not.toBeInTheDocument();
  });
});

describe('saved passwords list', () => {
  it('shows each entry with its name (or host), username, URL and a masked password; Copy and a menu', async () => {
    await openVault([api.bankEntry, api.mailEntry, api.unnamedEntry]);
    await waitFor(() => expect(rowNames()).toEqual(['Bank', 'Mail', 'shop.example.net']));
    expect(api.listSavedPasswords).toHaveBeenCalledWith('', 0, PAGE_SIZE);
    const rows = within(screen.getByRole('list', { name: 'Saved passwords' })).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('alice.bank');
    expect(rows[0]).toHaveTextContent('https://bank.example.org/login');
    expect(rows[0]).toHaveTextContent('••••••••');
    expect(rows.map((row) => [row.getAttribute('aria-posinset'), row.getAttribute('aria-setsize')])).toEqual([
      ['1', '3'],
      ['2', '3'],
      ['3', '3'],
    ]);
    // Names and addresses cut by the column keep their whole value in a tooltip.
    expect(within(rows[0]!).getByText('https://bank.example.org/login')).toHaveAttribute('title', 'https://bank.example.org/login');
    expect(within(rows[0]!).getByText('Bank')).toHaveAttribute('title', 'Bank');
    // One action in the row, the others in its menu; no Delete button on the row.
    expect(within(rows[0]!).getAllByRole('button')).toEqual([
      within(rows[0]!).getByRole('button', { name: /^Bank\s*,\s*alice\.bank\s*,\s*https:\/\/bank\.example\.org\/login$/ }),
      within(rows[0]!).getByRole('button', { name: 'Copy password for Bank' }),
      within(rows[0]!).getByRole('button', { name: 'More actions for Bank' }),
    ]);
    expect(within(rows[2]!).getByRole('button', { name: 'More actions for shop.example.net' })).toHaveAttribute(
      'aria-haspopup',
      'menu',
    );
  });

  it('searches through listSavedPasswords once typing pauses', async () => {
    const { user } = await openVault();
    await waitFor(() => expect(rowNames()).toEqual(['Bank', 'Mail']));

    await user.type(screen.getByLabelText('Search saved passwords'), 'BAN');
    await waitFor(() => expect(rowNames()).toEqual(['Bank']));
    expect(searchCalls()).toEqual(['', 'BAN']);

    await user.type(screen.getByLabelText('Search saved passwords'), 'zzz');
    expect(await screen.findByText('Nothing matches your search.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Saved passwords' })).not.toBeInTheDocument();
    expect(searchCalls()).toEqual(['', 'BAN', 'BANzzz']);
  });

  it('offers to add the first password when nothing is saved yet, without a search field', async () => {
    const { user } = await openVault([]);
    expect(await screen.findByRole('heading', { name: 'No saved passwords yet.' })).toBeInTheDocument();
    expect(screen.queryByText('Nothing matches your search.')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Search saved passwords')).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Saved passwords' })).not.toBeInTheDocument();
    // One call to action, not two.
    expect(screen.queryByRole('button', { name: 'Add password' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Add your first password' }));
    expect(screen.getByRole('dialog', { name: 'Add password' })).toBeInTheDocument();
  });

  it('shows a password in place from the row menu and hides it again', async () => {
    const { user } = await openVault();
    api.revealSavedPassword.mockResolvedValue('b4nk-S3cret!');
    await fromMenu(user, 'Bank', 'Show password');

    const row = within(screen.getByRole('list', { name: 'Saved passwords' })).getAllByRole('listitem')[0]!;
    expect(await within(row).findByText('b4nk-S3cret!')).toBeInTheDocument();
    expect(api.revealSavedPassword).toHaveBeenCalledWith(12);
    // The menu is closed and focus is back on its button.
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'More actions for Bank' })).toHaveFocus();
    // The shown password sits in the password column, which keeps its place.
    expect(within(row).getByText('b4nk-S3cret!').closest('.entry__password')).not.toBeNull();

    await fromMenu(user, 'Bank', 'Hide password');
    expect(within(row).queryByText('b4nk-S3cret!')).not.toBeInTheDocument();
    expect(within(row).getByText('••••••••')).toBeInTheDocument();
    expect(api.revealSavedPassword).toHaveBeenCalledTimes(1);
  });

  it('copies through the backend and says the clipboard will be cleared', async () => {
    const { user } = await openVault();
    api.copySavedPassword.mockResolvedValue(undefined);
    await user.click(await screen.findByRole('button', { name: 'Copy password for Mail' }));

    expect(api.copySavedPassword).toHaveBeenCalledWith(11);
    expect(await screen.findByText('Copied. The clipboard is cleared in 30 seconds.')).toBeInTheDocument();
    expect(api.revealSavedPassword).not.toHaveBeenCalled();
  });

  it('ends the session like the auto-lock when a call is refused as unauthenticated', async () => {
    const { user } = await openVault();
    api.revealSavedPassword.mockRejectedValue(
      new api.AppError('unauthenticated', { key: 'error.lockedBackend' }),
    );
    await fromMenu(user, 'Bank', 'Show password');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(LOCKED);
  });

  it('shows other failures and reloads the list when the entry is gone', async () => {
    const { user } = await openVault();
    api.copySavedPassword.mockRejectedValue(new api.AppError('not_found', { key: 'error.entryGone' }));
    await user.click(await screen.findByRole('button', { name: 'Copy password for Bank' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This saved password no longer exists.');
    await waitFor(() => expect(api.listSavedPasswords).toHaveBeenCalledTimes(2));
  });
});

describe('adding and editing', () => {
  async function openAddDialog() {
    const rendered = await openVault();
    await rendered.user.click(screen.getByRole('button', { name: 'Add password' }));
    const dialog = screen.getByRole('dialog', { name: 'Add password' });
    return { ...rendered, dialog };
  }

  it('closes at once on Esc or Cancel while nothing was typed', async () => {
    const { user, dialog } = await openAddDialog();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Add password' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Add password' })).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('asks "Discard changes?" on Esc or Cancel once something was typed; the question takes Esc first', async () => {
    const { user, dialog } = await openAddDialog();
    await user.type(within(dialog).getByLabelText('Address (URL)'), 'https://half');

    await user.keyboard('{Escape}');
    const question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await waitFor(() => expect(within(question).getByRole('button', { name: 'Keep editing' })).toHaveFocus());
    // Esc answers the question only ("Keep editing"): the form stays, with its input and its focus.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Discard changes?' })).not.toBeInTheDocument());
    expect(dialog).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Address (URL)')).toHaveValue('https://half');
    await waitFor(() => expect(within(dialog).getByLabelText('Address (URL)')).toHaveFocus());

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.addSavedPassword).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Add password' })).toHaveFocus());
  });

  it('asks before an edit is dropped, not when the values are back to what they were', async () => {
    const { user } = await openVault();
    api.revealSavedPassword.mockResolvedValue('s3cret');
    await fromMenu(user, 'Bank', 'Edit');
    const dialog = await screen.findByRole('dialog', { name: 'Edit password' });
    const name = within(dialog).getByLabelText('Name');
    await user.type(name, '!');
    await user.keyboard('{Escape}');
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Keep editing' }));
    await user.type(name, '{Backspace}');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('fills the password with the generator, shown, and saves the four fields', async () => {
    const { user, dialog } = await openAddDialog();
    api.generatePassword.mockResolvedValue({ password: 'Xy7#pQ2!mZ', entropy_bits: 65.4 });
    api.addSavedPassword.mockResolvedValue({ ...api.mailEntry, id: 20, name_pages: 'Forum' });

    expect(within(dialog).getByLabelText('Name')).toHaveFocus();
    await user.type(within(dialog).getByLabelText('Name'), 'Forum');
    await user.type(within(dialog).getByLabelText('Address (URL)'), 'https://forum.example.com');
    await user.type(within(dialog).getByLabelText('Username or email'), '  alice.forum ');
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    // The strong preset first (20), the web service's 10 characters second.
    await waitFor(() => expect(within(dialog).getByLabelText('Length')).toHaveValue(20));
    const presets = within(within(dialog).getByRole('group', { name: 'Suggested settings' })).getAllByRole('button');
    expect(presets.map((b) => [b.textContent, b.getAttribute('aria-pressed')])).toEqual([
      ['Strong: 20 characters', 'true'],
      ['Like the web service: 10 characters', 'false'],
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));

    expect(api.generatePassword).toHaveBeenCalledWith(api.defaultPresets.strong);
    // A generated password is shown, not masked.
    await waitFor(() => expect(password).toHaveValue('Xy7#pQ2!mZ'));
    expect(password).toHaveAttribute('type', 'text');
    expect(within(dialog).getByText('Strength: 65 bits')).toBeInTheDocument();
    expect(within(dialog).getByText('fair')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Hide password' }));
    expect(password).toHaveAttribute('type', 'password');

    await user.click(within(dialog).getByRole('button', { name: 'Save password' }));
    expect(api.addSavedPassword).toHaveBeenCalledWith({
      name_pages: 'Forum',
      url: 'https://forum.example.com',
      username: 'alice.forum',
      password_saved: 'Xy7#pQ2!mZ',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Add password' })).toHaveFocus();
    expect(screen.getByText('Password saved.')).toBeInTheDocument();
    expect(api.listSavedPasswords).toHaveBeenCalledTimes(2);
  });

  it('applies the web service preset and back, and forgets the strength once the password is typed over', async () => {
    const { user, dialog } = await openAddDialog();
    api.generatePassword.mockResolvedValue({ password: 'a'.repeat(20), entropy_bits: 131 });
    await waitFor(() => expect(within(dialog).getByLabelText('Length')).toHaveValue(20));

    await user.click(within(dialog).getByRole('button', { name: 'Like the web service: 10 characters' }));
    expect(within(dialog).getByLabelText('Length')).toHaveValue(10);
    expect(within(dialog).getByRole('button', { name: 'Like the web service: 10 characters' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Strong: 20 characters' }));
    expect(within(dialog).getByLabelText('Length')).toHaveValue(20);
    await user.click(within(dialog).getByLabelText('Avoid look-alike characters'));
    expect(within(dialog).getByRole('button', { name: 'Strong: 20 characters' })).toHaveAttribute('aria-pressed', 'false');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(api.generatePassword).toHaveBeenCalledWith({ ...api.defaultPresets.strong, exclude_lookalikes: true });
    expect(await within(dialog).findByText('Strength: 131 bits')).toBeInTheDocument();
    expect(within(dialog).getByText('strong')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText('Password'), 'x');
    expect(within(dialog).queryByText(/Strength:/)).not.toBeInTheDocument();
  });

  it('shows the generator field errors', async () => {
    const { user, dialog } = await openAddDialog();
    api.generatePassword.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { classes: { key: 'fieldError.noClasses' } }),
    );
    await waitFor(() => expect(within(dialog).getByLabelText('Length')).toHaveValue(20));
    for (const kind of ['Lowercase', 'Uppercase', 'Digits', 'Symbols']) {
      await user.click(within(dialog).getByLabelText(kind));
    }
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(api.generatePassword).toHaveBeenCalledWith({
      length: 20,
      lower: false,
      upper: false,
      digits: false,
      symbols: false,
      exclude_lookalikes: false,
    });
    expect(await within(dialog).findByText('Choose at least one kind of character.')).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Kinds of characters' })).toHaveAccessibleDescription(
      'Choose at least one kind of character.',
    );
    expect(within(dialog).getByLabelText('Password')).toHaveValue('');
  });

  it('keeps the dialog open with the backend field error under the URL', async () => {
    const { user, dialog } = await openAddDialog();
    api.addSavedPassword.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { url: { key: 'fieldError.invalidUrl' } }),
    );
    await user.type(within(dialog).getByLabelText('Address (URL)'), 'not a url');
    await user.type(within(dialog).getByLabelText('Password'), 'secret');
    await user.click(within(dialog).getByRole('button', { name: 'Save password' }));

    const url = within(dialog).getByLabelText('Address (URL)');
    expect(await within(dialog).findByText('Enter a web address that starts with http:// or https://, like https://example.com.')).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(expect.stringContaining('Enter a web address that starts with http:// or https://, like https://example.com.'));
    await waitFor(() => expect(url).toHaveFocus());
    expect(screen.getByRole('dialog', { name: 'Add password' })).toBeInTheDocument();
    expect(api.addSavedPassword).toHaveBeenCalledWith({ name_pages: '', url: 'not a url', username: '', password_saved: 'secret' });

    // The refused input is still unsaved: Cancel asks before dropping it.
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Discard changes?' })).getByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.listSavedPasswords).toHaveBeenCalledTimes(1);
  });

  it('opens the edit dialog from the row menu with the entry and its password, and saves all four fields', async () => {
    const { user } = await openVault();
    api.revealSavedPassword.mockResolvedValue('b4nk-S3cret!');
    api.updateSavedPassword.mockResolvedValue({ ...api.bankEntry, username: 'alice.b', updated_at: '2024-06-01T00:00:00Z' });
    await fromMenu(user, 'Bank', 'Edit');

    const dialog = await screen.findByRole('dialog', { name: 'Edit password' });
    expect(api.revealSavedPassword).toHaveBeenCalledWith(12);
    expect(within(dialog).getByLabelText('Name')).toHaveValue('Bank');
    expect(within(dialog).getByLabelText('Address (URL)')).toHaveValue('https://bank.example.org/login');
    expect(within(dialog).getByLabelText('Username or email')).toHaveValue('alice.bank');
    const password = within(dialog).getByLabelText('Password');
    expect(password).toHaveValue('b4nk-S3cret!');
    // Editing starts with the generator folded away.
    expect(within(dialog).getByRole('button', { name: 'Password generator' })).toHaveAttribute('aria-expanded', 'false');
    expect(within(dialog).getByLabelText('Length')).not.toBeVisible();

    await user.clear(within(dialog).getByLabelText('Username or email'));
    await user.type(within(dialog).getByLabelText('Username or email'), 'alice.b');
    await user.clear(password);
    await user.type(password, 'n3w-B4nk-pass');
    api.serveSavedPasswords([{ ...api.bankEntry, username: 'alice.b' }, api.mailEntry]);
    await user.click(within(dialog).getByRole('button', { name: 'Save password' }));
    expect(api.updateSavedPassword).toHaveBeenCalledWith(12, {
      name_pages: 'Bank',
      url: 'https://bank.example.org/login',
      username: 'alice.b',
      password_saved: 'n3w-B4nk-pass',
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'More actions for Bank' })).toHaveFocus();
    expect(screen.getByText('Changes saved.')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Saved passwords' })).getAllByRole('listitem')[0]).toHaveTextContent('alice.b'));
  });
});

describe('deleting', () => {
  it('asks first and deletes only after confirming', async () => {
    const { user } = await openVault();
    api.deleteSavedPassword.mockResolvedValue(undefined);
    const opener = await screen.findByRole('button', { name: 'More actions for Bank' });

    await fromMenu(user, 'Bank', 'Delete');
    let dialog = screen.getByRole('dialog', { name: 'Delete saved password' });
    expect(dialog).toHaveAccessibleDescription(/Bank/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();

    await fromMenu(user, 'Bank', 'Delete');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(api.deleteSavedPassword).not.toHaveBeenCalled();

    await fromMenu(user, 'Bank', 'Delete');
    dialog = screen.getByRole('dialog', { name: 'Delete saved password' });
    api.serveSavedPasswords([api.mailEntry]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(api.deleteSavedPassword).toHaveBeenCalledWith(12);
    await waitFor(() => expect(rowNames()).toEqual(['Mail']));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByText('Saved password deleted.')).toBeInTheDocument();
    // Focus goes to the row that took the deleted one's place.
    await waitFor(() => expect(screen.getByRole('button', { name: /^Mail\s*,/ })).toHaveFocus());
  });

  it('offers to add a password again once the last one is deleted', async () => {
    const { user } = await openVault([api.mailEntry]);
    api.deleteSavedPassword.mockResolvedValue(undefined);
    await fromMenu(user, 'Mail', 'Delete');
    api.serveSavedPasswords([]);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    const add = await screen.findByRole('button', { name: 'Add your first password' });
    await waitFor(() => expect(add).toHaveFocus());
    expect(screen.queryByLabelText('Search saved passwords')).not.toBeInTheDocument();
  });

  it('keeps the current search when the list reloads after a deletion', async () => {
    const { user } = await openVault();
    api.deleteSavedPassword.mockResolvedValue(undefined);
    await user.type(screen.getByLabelText('Search saved passwords'), 'bank');
    await waitFor(() => expect(rowNames()).toEqual(['Bank']));
    api.serveSavedPasswords([api.mailEntry]);

    await fromMenu(user, 'Bank', 'Delete');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Nothing matches your search.')).toBeInTheDocument();
    // The search field stays while a search finds nothing.
    expect(screen.getByLabelText('Search saved passwords')).toHaveValue('bank');
    expect(searchCalls().at(-1)).toBe('bank');
    // No row left to take the deleted one's place: the search field.
    await waitFor(() => expect(screen.getByLabelText('Search saved passwords')).toHaveFocus());
  });
});

describe('the notices', () => {
  it('say a change was saved for a few seconds', async () => {
    const { user } = await openVault();
    api.revealSavedPassword.mockResolvedValue('b4nk-S3cret!');
    api.updateSavedPassword.mockResolvedValue(api.bankEntry);
    await fromMenu(user, 'Bank', 'Edit');
    const dialog = await screen.findByRole('dialog', { name: 'Edit password' });
    const save = within(dialog).getByRole('button', { name: 'Save password' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fireEvent.click(save);
      await act(async () => {});
      expect(screen.getByText('Changes saved.')).toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(5_000);
      });
      expect(screen.getByText('Changes saved.')).toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(1_000);
      });
      expect(screen.queryByText('Changes saved.')).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('goes away when the clipboard is cleared, 30 seconds later', async () => {
    await openVault();
    api.copySavedPassword.mockResolvedValue(undefined);
    const copy = await screen.findByRole('button', { name: 'Copy password for Mail' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fireEvent.click(copy);
      await act(async () => {});
      expect(screen.getByText('Copied. The clipboard is cleared in 30 seconds.')).toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(29_000);
      });
      expect(screen.getByText(/Copied/)).toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(1_000);
      });
      expect(screen.queryByText(/Copied/)).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays 30 seconds after the latest copy: copying again restarts the count', async () => {
    await openVault();
    api.copySavedPassword.mockResolvedValue(undefined);
    const copy = await screen.findByRole('button', { name: 'Copy password for Mail' });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fireEvent.click(copy);
      await act(async () => {});
      act(() => {
        vi.advanceTimersByTime(20_000);
      });
      fireEvent.click(copy);
      await act(async () => {});
      expect(api.copySavedPassword).toHaveBeenCalledTimes(2);
      act(() => {
        vi.advanceTimersByTime(20_000); // 40 s after the first copy, 20 s after the second
      });
      expect(screen.getByText('Copied. The clipboard is cleared in 30 seconds.')).toBeInTheDocument();
      act(() => {
        vi.advanceTimersByTime(10_000);
      });
      expect(screen.queryByText(/Copied/)).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('with saved-password sync', () => {
  it('reads the list again when a sync cycle ends, so the server’s entries appear', async () => {
    await openVault([api.mailEntry]);
    expect(rowNames()).toHaveLength(1);
    const linked = { server_url: 'http://127.0.0.1:8000/api/', remote_email: 'alice@example.com' };
    act(() => api.emitSyncStatus(api.syncStatus({ state: 'syncing', ...linked })));
    api.serveSavedPasswords([api.bankEntry, api.mailEntry]);
    act(() => api.emitSyncStatus(api.syncStatus({ state: 'synced', last_synced_at: '2026-11-28T14:05:00Z', ...linked })));
    await waitFor(() => expect(rowNames()).toHaveLength(2));
  });
});
