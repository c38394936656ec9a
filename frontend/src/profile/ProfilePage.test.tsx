import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { detailValue, renderApp, signOutFromMenu } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function renderSignedIn() {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp();
  await screen.findByRole('heading', { name: 'Your profile' });
  return rendered;
}

function editForm() {
  return screen.getByRole('form', { name: 'Edit profile' });
}

/** The live region of the profile's details (other sections have their own). */
function profileStatus() {
  return within(screen.getByRole('region', { name: 'Account details' })).getByRole('status');
}

async function openEditor(user: ReturnType<typeof renderApp>['user']) {
  await user.click(screen.getByRole('button', { name: 'Edit profile' }));
  return editForm();
}

beforeEach(() => {
  api.resetApiMock();
});

describe('profile page', () => {
  it('shows every profile value, with "Not set" for empty ones, and when it last changed', async () => {
    api.getProfile.mockResolvedValue({ ...api.bobProfile, updated_at: new Date(Date.now() - 2 * 60_000).toISOString() });
    renderApp();
    await screen.findByRole('heading', { name: 'Your profile' });
    expect(detailValue('Username')).toBe('bob');
    expect(detailValue('Email')).toBe('bob@example.com');
    expect(detailValue('First name')).toBe('Not set');
    expect(detailValue('Last name')).toBe('Not set');
    expect(detailValue('Phone number')).toBe('Not set');
    expect(screen.getByTestId('avatar-placeholder')).toHaveTextContent('BO');
    expect(screen.getByText('Changed 2 minutes ago')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit profile' })).toBeInTheDocument();
    // Deletion lives in Settings' danger zone, never beside everyday buttons.
    expect(screen.queryByRole('button', { name: 'Delete account' })).not.toBeInTheDocument();
  });

  it('edits the fields where they are shown: no read-only copy stays above the inputs', async () => {
    const { user } = await renderSignedIn();
    const form = await openEditor(user);
    expect(screen.queryAllByText('Username', { selector: 'dt' })).toHaveLength(0);
    expect(within(form).getByLabelText('Username')).toHaveValue('alice');
    expect(within(form).getByLabelText('Phone number')).toHaveValue('5551234');
    // Opening moves focus into the editor, and the button that opened it is gone (nothing took its place).
    await waitFor(() => expect(within(form).getByLabelText('Username')).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Edit profile' })).not.toBeInTheDocument();
  });

  it('keeps the editor open, busy on Save, until the backend answers; then shows the stored values and a notice', async () => {
    const { user } = await renderSignedIn();
    const pending = api.deferred<api.Profile>();
    api.updateProfile.mockReturnValue(pending.promise);
    const form = await openEditor(user);
    const first = within(form).getByLabelText('First name');
    await user.clear(first);
    await user.type(first, '  Alicia ');
    const save = within(form).getByRole('button', { name: 'Save changes' });
    await user.click(save);

    expect(api.updateProfile).toHaveBeenCalledWith({ first_name: 'Alicia' });
    expect(editForm()).toBe(form);
    expect(save).toHaveAttribute('aria-busy', 'true');
    expect(save).toBeDisabled();
    expect(within(form).getByRole('button', { name: 'Cancel' })).toBeDisabled();
    expect(first).toHaveAttribute('readonly');
    // Nothing is shown as stored before it is.
    expect(screen.getByText('Alice Liddell')).toBeInTheDocument();
    expect(profileStatus()).toHaveTextContent('');

    // The backend stores its own form of the value.
    pending.resolve({ ...api.aliceProfile, first_name: 'Alicia', updated_at: new Date().toISOString() });
    expect(await screen.findByText('Your profile was saved.')).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('form', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(detailValue('First name')).toBe('Alicia');
    expect(screen.getByText('Changed just now')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit profile' })).toHaveFocus());
  });

  it('keeps the same editor open on a refusal, with the message under the field and focus on it', async () => {
    const { user } = await renderSignedIn();
    const pending = api.deferred<api.Profile>();
    api.updateProfile.mockReturnValue(pending.promise);
    const form = await openEditor(user);
    const email = within(form).getByLabelText('Email');
    const phone = within(form).getByLabelText('Phone number');
    await user.clear(phone);
    await user.type(phone, '+57 300 123 4567');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));

    pending.reject(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { number_phone: { key: 'fieldError.phoneTooLong', params: { max: 10 } } }),
    );
    // Focus moves in an effect once the refusal is shown.
    await waitFor(() => expect(phone).toHaveFocus());
    // The very same form: it was never closed and reopened.
    expect(editForm()).toBe(form);
    expect(phone).toHaveValue('+57 300 123 4567');
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(phone).toHaveAccessibleDescription(
      'This number has too many digits. Use at most 10 digits (a leading + counts as one); spaces and dashes are removed. Optional',
    );
    // Said once, under the field: no banner above the form, no hint repeating it.
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(form).queryByText(/Leave it empty to remove your number/)).not.toBeInTheDocument();
    expect(email).not.toHaveAttribute('aria-invalid');
    expect(screen.getByText('Alice Liddell')).toBeInTheDocument();

    // Fixing the field clears its message; the hint comes back.
    await user.clear(phone);
    await user.type(phone, '300-123-4567');
    expect(phone).not.toHaveAttribute('aria-invalid');
    expect(within(form).getByText(/Leave it empty to remove your number/)).toBeInTheDocument();
  });

  it('sends only the changed fields, and clears the phone with an empty string', async () => {
    const { user } = await renderSignedIn();
    api.updateProfile.mockImplementation(async (patch) => ({ ...api.aliceProfile, ...patch, number_phone: null }));

    const form = await openEditor(user);
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
    await openEditor(user);
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.queryByRole('form', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(api.updateProfile).not.toHaveBeenCalled();
  });

  it('cancel discards the input without calling the backend', async () => {
    const { user } = await renderSignedIn();
    const form = await openEditor(user);
    await user.type(within(form).getByLabelText('First name'), 'zzz');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Edit profile' })).not.toBeInTheDocument();
    expect(detailValue('First name')).toBe('Alice');
    expect(api.updateProfile).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Edit profile' })).toHaveFocus());
  });

  it('clears "Your profile was saved." at the next edit', async () => {
    const { user } = await renderSignedIn();
    api.updateProfile.mockResolvedValue({ ...api.aliceProfile, first_name: 'Alicia' });
    const form = await openEditor(user);
    await user.type(within(form).getByLabelText('First name'), 'x');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    const status = profileStatus();
    await waitFor(() => expect(status).toHaveTextContent('Your profile was saved.'));

    await openEditor(user);
    expect(status).toHaveTextContent('');
  });

  it('asks "Discard changes?" before signing out with unsaved edits', async () => {
    const { user } = await renderSignedIn();
    api.signOut.mockResolvedValue(undefined);
    const form = await openEditor(user);
    await user.type(within(form).getByLabelText('First name'), 'zzz');

    await signOutFromMenu(user);
    let dialog = await screen.findByRole('dialog', { name: 'Discard changes?' });
    // It starts on the safe choice.
    expect(within(dialog).getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.signOut).not.toHaveBeenCalled();
    expect(within(editForm()).getByLabelText('First name')).toHaveValue('Alicezzz');

    await signOutFromMenu(user);
    dialog = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.signOut).toHaveBeenCalledTimes(1);
    // Discarded on purpose: nothing is kept for the next sign-in.
    expect(screen.queryByText(/unsaved profile changes are kept/i)).not.toBeInTheDocument();
  });

  it('signs out without asking when the open editor holds no change', async () => {
    const { user } = await renderSignedIn();
    api.signOut.mockResolvedValue(undefined);
    await openEditor(user);
    await signOutFromMenu(user);
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

});

describe('leaving while a save is on its way', () => {
  // The save already sent completes in the backend whatever the user answers:
  // "Discard" is never offered for it; leaving waits for its outcome.

  /** Saves a change the backend has not answered yet, and asks the sidebar for Settings. */
  async function saveThenLeave() {
    const { user } = await renderSignedIn();
    const pending = api.deferred<api.Profile>();
    api.updateProfile.mockReturnValue(pending.promise);
    const form = await openEditor(user);
    await user.type(within(form).getByLabelText('First name'), 'x');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await user.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Settings' }));
    return { user, pending };
  }

  it('leaves once it is stored, without asking, and the profile says it was saved', async () => {
    const { user, pending } = await saveThenLeave();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    pending.resolve({ ...api.aliceProfile, first_name: 'Alicex' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Profile' }));
    expect(await screen.findByText('Your profile was saved.')).toBeInTheDocument();
    expect(detailValue('First name')).toBe('Alicex');
  });

  it('asks once it is refused, and Discard then drops the input that was not stored', async () => {
    const { user, pending } = await saveThenLeave();

    pending.reject(new api.AppError('internal', { key: 'error.generic' }));
    const question = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(question).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    await user.click(within(screen.getByRole('navigation', { name: 'Sections' })).getByRole('button', { name: 'Profile' }));
    await screen.findByRole('button', { name: 'Edit profile' });
    expect(screen.queryByText('Your profile was saved.')).not.toBeInTheDocument();
    expect(detailValue('First name')).toBe('Alice');
  });
});
