import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function openDialog() {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp();
  await openSection(rendered.user, 'Settings');
  const opener = await screen.findByRole('button', { name: 'Delete account' });
  await rendered.user.click(opener);
  const dialog = screen.getByRole('dialog', { name: 'Delete account' });
  return { ...rendered, opener, dialog };
}

beforeEach(() => {
  api.resetApiMock();
});

describe('DeleteAccountDialog', () => {
  it('is a labelled modal that explains the deletion and starts on the password field', async () => {
    const { dialog } = await openDialog();
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription(/permanent.*cannot be undone.*all the data saved.*this computer/i);
    expect(within(dialog).getByLabelText('Password')).toHaveFocus();
    expect(within(dialog).getByRole('button', { name: 'Delete my account permanently' })).toBeDisabled();
  });

  it('enables the confirm button only with a password and calls deleteAccount with it', async () => {
    const { user, dialog } = await openDialog();
    api.deleteAccount.mockResolvedValue(undefined);
    const confirm = within(dialog).getByRole('button', { name: 'Delete my account permanently' });

    await user.keyboard('{Enter}');
    expect(api.deleteAccount).not.toHaveBeenCalled();

    await user.type(within(dialog).getByLabelText('Password'), 'my password');
    expect(confirm).toBeEnabled();
    let finish: () => void = () => {};
    api.deleteAccount.mockReturnValue(new Promise<void>((resolve) => (finish = resolve)));
    await user.click(confirm);

    // Deletion is complete only once the data file is rewritten: the dialog says so while it runs.
    expect(await within(dialog).findByRole('status')).toHaveTextContent(/rewriting its data file.*complete when this finishes/i);
    finish();
    expect(api.deleteAccount).toHaveBeenCalledWith('my password', false);
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(/Your account was deleted\..*rewrote its data file without it/);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('offers, unticked, to delete the server account too when the account is linked', async () => {
    api.getSyncStatus.mockResolvedValue(api.syncStatus({ state: 'synced', server_url: 'http://127.0.0.1:9/api/', remote_email: 'alice@example.com' }));
    const { user, dialog } = await openDialog();
    api.deleteAccount.mockResolvedValue(undefined);
    const alsoRemote = within(dialog).getByRole('checkbox', { name: 'Also delete my account on the server' });
    expect(alsoRemote).not.toBeChecked();
    await user.click(alsoRemote);
    await user.type(within(dialog).getByLabelText('Password'), 'my password');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account permanently' }));
    expect(api.deleteAccount).toHaveBeenCalledWith('my password', true);
  });

  it('keeps the dialog open with the field error when the password is wrong', async () => {
    const { user, dialog } = await openDialog();
    api.deleteAccount.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { password: { key: 'fieldError.notCorrect' } }),
    );
    const password = within(dialog).getByLabelText('Password');
    await user.type(password, 'wrong');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account permanently' }));

    expect(await within(dialog).findByText('This password is not correct. Check it and try again.')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveAccessibleDescription(expect.stringContaining('This password is not correct. Check it and try again.'));
    expect(screen.getByRole('dialog', { name: 'Delete account' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Settings', level: 1 })).toBeInTheDocument();
  });

  it('closes on Esc and gives focus back to the Delete account button', async () => {
    const { user, opener } = await openDialog();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(api.deleteAccount).not.toHaveBeenCalled();
  });

  it('closes on Cancel and gives focus back too', async () => {
    const { user, opener, dialog } = await openDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('keeps Tab and Shift+Tab inside the dialog', async () => {
    const { user, dialog } = await openDialog();
    const password = within(dialog).getByLabelText('Password');
    await user.type(password, 'x');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete my account permanently' });

    await user.tab();
    expect(cancel).toHaveFocus();
    await user.tab();
    expect(confirm).toHaveFocus();
    await user.tab();
    expect(password).toHaveFocus();
    await user.tab({ shift: true });
    expect(confirm).toHaveFocus();
  });

  it('makes the page behind it inert while open', async () => {
    const { user, container } = await openDialog();
    expect(container).toHaveAttribute('inert');
    await user.keyboard('{Escape}');
    expect(container).not.toHaveAttribute('inert');
  });
});
