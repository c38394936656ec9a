import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { detailValue, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function renderSignedIn() {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp();
  await screen.findByRole('heading', { name: 'Your profile' });
  return rendered;
}

function editForm() {
  return screen.getByRole('region', { name: 'Edit profile' });
}

beforeEach(() => {
  api.resetApiMock();
});

describe('profile page', () => {
  it('shows every profile value, with "Not set" for empty ones', async () => {
    api.getProfile.mockResolvedValue(api.bobProfile);
    renderApp();
    await screen.findByRole('heading', { name: 'Your profile' });
    expect(detailValue('Username')).toBe('bob');
    expect(detailValue('Email')).toBe('bob@example.com');
    expect(detailValue('First name')).toBe('Not set');
    expect(detailValue('Last name')).toBe('Not set');
    expect(detailValue('Phone number')).toBe('Not set');
    expect(screen.getByTestId('avatar-placeholder')).toHaveTextContent('BO');
    for (const name of ['Edit profile', 'Sign out', 'Delete account']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
  });

  it('shows the new values at once, then rolls back and reopens the form when the save fails', async () => {
    const { user } = await renderSignedIn();
    const pending = api.deferred<api.Profile>();
    api.updateProfile.mockReturnValue(pending.promise);

    await user.click(screen.getByRole('button', { name: 'Edit profile' }));
    const phone = within(editForm()).getByLabelText('Phone number');
    await user.clear(phone);
    await user.type(phone, '12345678901');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    // Optimistic: the form is closed and the new phone is displayed before the backend answers.
    expect(screen.queryByRole('region', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(detailValue('Phone number')).toBe('12345678901');
    expect(api.updateProfile).toHaveBeenCalledWith({ number_phone: '12345678901' });

    pending.reject(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { number_phone: { key: 'fieldError.tooLong', params: { max: 10 } } }),
    );

    const reopened = await screen.findByRole('region', { name: 'Edit profile' });
    expect(detailValue('Phone number')).toBe('5551234');
    const phoneAgain = within(reopened).getByLabelText('Phone number');
    expect(phoneAgain).toHaveValue('12345678901');
    expect(phoneAgain).toHaveAttribute('aria-invalid', 'true');
    expect(phoneAgain).toHaveAccessibleDescription(expect.stringContaining('must be at most 10 characters'));
    expect(within(reopened).getByText('must be at most 10 characters')).toBeInTheDocument();
    expect(within(reopened).getByRole('alert')).toHaveTextContent('Some fields are not valid.');
    // Focus moves in an effect of the reopened form, which may run after it shows.
    await waitFor(() => expect(phoneAgain).toHaveFocus());
    // The other fields keep the user's input too.
    expect(within(reopened).getByLabelText('Username')).toHaveValue('alice');
  });

  it('uses the profile the backend returns after a successful save', async () => {
    const { user } = await renderSignedIn();
    api.updateProfile.mockResolvedValue({ ...api.aliceProfile, first_name: 'Alicia', updated_at: '2024-05-01T00:00:00Z' });

    await user.click(screen.getByRole('button', { name: 'Edit profile' }));
    const first = within(editForm()).getByLabelText('First name');
    await user.clear(first);
    await user.type(first, '  Alicia ');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await screen.findByText('Your profile was saved.');
    expect(detailValue('First name')).toBe('Alicia');
    expect(screen.getByRole('button', { name: 'Edit profile' })).toHaveFocus();
  });

  it('sends only the changed fields, and clears the phone with an empty string', async () => {
    const { user } = await renderSignedIn();
    api.updateProfile.mockImplementation(async (patch) => ({ ...api.aliceProfile, ...patch, number_phone: null }));

    await user.click(screen.getByRole('button', { name: 'Edit profile' }));
    const form = editForm();
    await user.clear(within(form).getByLabelText('Email'));
    await user.type(within(form).getByLabelText('Email'), 'new@example.com');
    await user.clear(within(form).getByLabelText('Phone number'));
    // Whitespace around an unchanged value is not a change.
    await user.type(within(form).getByLabelText('Last name'), ' ');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    expect(api.updateProfile).toHaveBeenCalledTimes(1);
    expect(api.updateProfile.mock.calls[0]?.[0]).toStrictEqual({ email: 'new@example.com', number_phone: '' });
    await screen.findByText('Your profile was saved.');
    expect(detailValue('Phone number')).toBe('Not set');
  });

  it('makes no call when nothing changed, and just leaves edit mode', async () => {
    const { user } = await renderSignedIn();
    await user.click(screen.getByRole('button', { name: 'Edit profile' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.queryByRole('region', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(api.updateProfile).not.toHaveBeenCalled();
  });

  it('cancel discards the input without calling the backend', async () => {
    const { user } = await renderSignedIn();
    await user.click(screen.getByRole('button', { name: 'Edit profile' }));
    await user.type(within(editForm()).getByLabelText('First name'), 'zzz');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('region', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(detailValue('First name')).toBe('Alice');
    expect(api.updateProfile).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Edit profile' })).toHaveFocus();
  });
});
