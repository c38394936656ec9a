import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp, signOutFromMenu } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function openCard() {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp();
  await openSection(rendered.user, 'Settings');
  const card = await screen.findByRole('region', { name: 'Change password' });
  return { ...rendered, card };
}

beforeEach(() => {
  api.resetApiMock();
});

describe('change password', () => {
  it('says the current password is not correct under it, keeps the input and focuses it', async () => {
    const { user, card } = await openCard();
    api.changePassword.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { current_password: { key: 'fieldError.notCorrect' } }),
    );
    const current = within(card).getByLabelText('Current password');
    await user.type(current, 'wrong one');
    await user.type(within(card).getByLabelText('New password'), 'brand new pass');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));

    expect(api.changePassword).toHaveBeenCalledWith('wrong one', 'brand new pass');
    expect(await within(card).findByText('This password is not correct. Check it and try again.')).toBeInTheDocument();
    expect(current).toHaveAttribute('aria-invalid', 'true');
    expect(current).toHaveAccessibleDescription('This password is not correct. Check it and try again.');
    await waitFor(() => expect(current).toHaveFocus());
    expect(within(card).getByLabelText('New password')).not.toHaveAttribute('aria-invalid');
    expect(within(card).getByRole('status')).not.toHaveTextContent('Your password was changed.');
    expect(current).toHaveValue('wrong one');
  });

  it('shows a new-password error in place of its hint, without a banner, and focuses the field', async () => {
    const { user, card } = await openCard();
    api.changePassword.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { new_password: { key: 'fieldError.tooShort', params: { min: 8 } } }),
    );
    await user.type(within(card).getByLabelText('Current password'), 'correct horse');
    await user.type(within(card).getByLabelText('New password'), 'short');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    const fresh = within(card).getByLabelText('New password');
    await waitFor(() => expect(fresh).toHaveFocus());
    expect(fresh).toHaveAccessibleDescription('This password is too short. Use at least 8 characters.');
    expect(within(card).queryByText('At least 8 characters, not only digits.')).not.toBeInTheDocument();
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says the password was changed and clears the fields', async () => {
    const { user, card } = await openCard();
    api.changePassword.mockResolvedValue(undefined);
    await user.type(within(card).getByLabelText('Current password'), 'correct horse');
    await user.type(within(card).getByLabelText('New password'), 'battery staple');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));

    expect(api.changePassword).toHaveBeenCalledWith('correct horse', 'battery staple');
    expect(await within(card).findByRole('status')).toHaveTextContent('Your password was changed.');
    expect(within(card).getByLabelText('Current password')).toHaveValue('');
    expect(within(card).getByLabelText('New password')).toHaveValue('');
  });

  it('ends the session when the backend says it is over', async () => {
    const { user, card } = await openCard();
    api.changePassword.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.signInPlease' }));
    await user.type(within(card).getByLabelText('Current password'), 'correct horse');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});

describe('leaving with a password typed in', () => {
  it('asks "Discard changes?" before the sidebar, Ctrl+, the sync button or Sign out leave it', async () => {
    const { user, card } = await openCard();
    await user.type(within(card).getByLabelText('Current password'), 'half typed');

    await openSection(user, 'Profile');
    let question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(question).getByRole('button', { name: 'Keep editing' }));
    expect(within(card).getByLabelText('Current password')).toHaveValue('half typed');

    await signOutFromMenu(user);
    question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.signOut).not.toHaveBeenCalled();

    await openSection(user, 'Profile');
    question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(question).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    // Dropped: back in Settings the form is empty, and leaving asks nothing.
    await openSection(user, 'Settings');
    const again = await screen.findByRole('region', { name: 'Change password' });
    expect(within(again).getByLabelText('Current password')).toHaveValue('');
    await openSection(user, 'Profile');
    expect(await screen.findByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('waits for a change already sent instead of offering to discard it', async () => {
    const { user, card } = await openCard();
    const pending = api.deferred<void>();
    api.changePassword.mockReturnValue(pending.promise);
    await user.type(within(card).getByLabelText('Current password'), 'old pass');
    await user.type(within(card).getByLabelText('New password'), 'brand new pass');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    await openSection(user, 'Profile');
    pending.resolve();
    // Stored: nothing is left to discard, so the sidebar leaves without a question.
    expect(await screen.findByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
