import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './test/apiMock';
import { renderApp, signOutFromMenu } from './test/renderApp';

vi.mock('./api/client', () => import('./test/apiMock'));

const LOCKED = 'PassDesk locked after a period of inactivity. Sign in again to continue.';
const DRAFT_KEPT = /unsaved profile changes are kept/i;

beforeEach(() => {
  api.resetApiMock();
  api.getProfile.mockResolvedValue(api.aliceProfile);
});

async function startEditingFirstName(value: string) {
  const rendered = renderApp();
  const { user } = rendered;
  await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
  const form = screen.getByRole('form', { name: 'Edit profile' });
  const first = within(form).getByLabelText('First name');
  await user.clear(first);
  await user.type(first, value);
  return rendered;
}

async function signInAgain(user: ReturnType<typeof renderApp>['user'], profile: api.Profile) {
  api.signIn.mockResolvedValue(profile);
  await user.type(screen.getByLabelText('Email or username'), profile.username);
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { name: 'Your profile' });
}

describe('auto-lock', () => {
  it('keeps an open edit draft across the lock and restores it for the same user', async () => {
    const { user } = await startEditingFirstName('Draft name');

    act(() => api.emitSessionLocked());

    const heading = await screen.findByRole('heading', { name: 'Sign in' });
    await waitFor(() => expect(heading).toHaveFocus());
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent(LOCKED);
    expect(status).toHaveTextContent(DRAFT_KEPT);

    await signInAgain(user, api.aliceProfile);
    expect(api.signIn).toHaveBeenCalledWith({ login: 'alice', password: 'correct horse' });
    const form = screen.getByRole('form', { name: 'Edit profile' });
    expect(within(form).getByLabelText('First name')).toHaveValue('Draft name');
    await waitFor(() => expect(within(form).getByLabelText('Username')).toHaveFocus());
    // The stored name heads the profile; the draft is only in the editor.
    expect(screen.getByText('Alice Liddell')).toBeInTheDocument();
    expect(screen.getByText(/unsaved changes were restored/i)).toBeInTheDocument();
    expect(api.updateProfile).not.toHaveBeenCalled();
  });

  it('discards the draft when a different user signs in', async () => {
    const { user } = await startEditingFirstName('Draft name');
    act(() => api.emitSessionLocked());
    await screen.findByRole('heading', { name: 'Sign in' });

    await signInAgain(user, api.bobProfile);
    expect(screen.queryByRole('form', { name: 'Edit profile' })).not.toBeInTheDocument();

    // And it is gone for good: alice signing in later gets no draft either.
    await signOutFromMenu(user);
    await signInAgain(user, api.aliceProfile);
    expect(screen.queryByRole('form', { name: 'Edit profile' })).not.toBeInTheDocument();
  });

  it('says nothing about a draft when no edit was open', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'Your profile' });
    act(() => api.emitSessionLocked());
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(LOCKED);
    expect(status).not.toHaveTextContent(DRAFT_KEPT);
  });

  it('treats an unauthenticated rejection like the lock, keeping the input of the failed save', async () => {
    const { user } = await startEditingFirstName('Unsaved');
    api.updateProfile.mockRejectedValue(
      new api.AppError('unauthenticated', { key: 'error.lockedBackend' }),
    );
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(LOCKED);
    expect(status).toHaveTextContent(DRAFT_KEPT);

    await signInAgain(user, api.aliceProfile);
    expect(screen.getByLabelText('First name')).toHaveValue('Unsaved');
    // The stored name heads the profile; the draft is only in the editor.
    expect(screen.getByText('Alice Liddell')).toBeInTheDocument();
  });

  it('stops listening for the lock event once signed out', async () => {
    const { user } = renderApp();
    await screen.findByRole('heading', { name: 'Your profile' });
    // The subscription is an effect, which may run after the heading shows.
    await waitFor(() => expect(api.lockListenerCount()).toBe(1));
    await signOutFromMenu(user);
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(api.signOut).toHaveBeenCalled();
    await waitFor(() => expect(api.lockListenerCount()).toBe(0));
  });
});
