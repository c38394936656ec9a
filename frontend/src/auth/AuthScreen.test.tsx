import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp, signOutFromMenu } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

beforeEach(() => {
  api.resetApiMock();
});

describe('start-up', () => {
  it('shows the sign-in screen when nobody is signed in', async () => {
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.getProfile).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('shows the profile when a session is still alive (e.g. after a reload)', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Your profile' })).toBeInTheDocument();
  });

  it('offers to try again when start-up fails for another reason', async () => {
    api.getProfile.mockRejectedValueOnce(new api.AppError('internal', { key: 'error.generic' }));
    const { user } = renderApp();
    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong. Please try again.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.getProfile).toHaveBeenCalledTimes(2);
  });
});

describe('sign in', () => {
  it('shows the backend message in an alert and stays on the form', async () => {
    api.signIn.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.wrongCredentials' }));
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('Email or username'), ' alice@example.com ');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(api.signIn).toHaveBeenCalledWith({ login: 'alice@example.com', password: 'nope' });
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('disables the button while signing in, then shows the profile', async () => {
    const pending = api.deferred<api.Profile>();
    api.signIn.mockReturnValue(pending.promise);
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('Email or username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    const button = screen.getByRole('button', { name: 'Sign in' });
    await user.click(button);
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');

    pending.resolve(api.aliceProfile);
    // The heading takes focus in an effect after it appears.
    const heading = await screen.findByRole('heading', { name: 'Your profile' });
    await waitFor(() => expect(heading).toHaveFocus());
  });

  it('shows field errors under their fields, without a banner, and focuses the first invalid field', async () => {
    api.signIn.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { login: { key: 'fieldError.required' }, password: { key: 'fieldError.required' } }),
    );
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    const login = screen.getByLabelText('Email or username');
    // Focus moves in an effect once the failure is shown.
    await waitFor(() => expect(login).toHaveFocus());
    // Each says, in the field's own words, what to do.
    expect(login).toHaveAccessibleDescription('Enter your email or username.');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter the password.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('gives focus back to the button after a failure that marks no field', async () => {
    api.signIn.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.wrongCredentials' }));
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('Email or username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    // The message is said once, for the form: no field repeats it.
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid');
    expect(screen.getByLabelText('Password')).toHaveFocus();

    // A browser may drop focus from the button while it is disabled: it gets it back.
    api.signIn.mockImplementation(async () => {
      (document.activeElement as HTMLElement | null)?.blur();
      throw new api.AppError('unauthenticated', { key: 'error.wrongCredentials' });
    });
    const button = screen.getByRole('button', { name: 'Sign in' });
    await user.click(button);
    await waitFor(() => expect(button).toHaveFocus());
  });
});

describe('the notice on the sign-in screen', () => {
  async function signedOut() {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    const rendered = renderApp();
    await signOutFromMenu(rendered.user);
    await screen.findByRole('heading', { name: 'Sign in' });
    return rendered;
  }

  it('greets nobody: the sign-in screen is neutral', async () => {
    renderApp();
    await screen.findByRole('heading', { name: 'Sign in' });
    expect(screen.getByText('Sign in to open your profile.')).toBeInTheDocument();
    expect(screen.queryByText(/welcome/i)).not.toBeInTheDocument();
  });

  it('"You signed out." goes when the user submits, and does not stay above the error', async () => {
    const { user } = await signedOut();
    expect(screen.getByRole('status')).toHaveTextContent('You signed out.');
    const pending = api.deferred<api.Profile>();
    api.signIn.mockReturnValue(pending.promise);
    await user.type(screen.getByLabelText('Email or username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.queryByText('You signed out.')).not.toBeInTheDocument();

    pending.reject(new api.AppError('unauthenticated', { key: 'error.wrongCredentials' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.queryByText('You signed out.')).not.toBeInTheDocument();
  });

  it('after a deletion says the account was deleted, and nothing like "Welcome back"', async () => {
    api.getProfile.mockResolvedValue(api.aliceProfile);
    api.deleteAccount.mockResolvedValue(undefined);
    const { user } = renderApp();
    await openSection(user, 'Settings');
    await user.click(await screen.findByRole('button', { name: 'Delete account' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete account' });
    await user.type(within(dialog).getByLabelText('Password'), 'correct horse');
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account permanently' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your account was deleted.');
    expect(screen.queryByText(/welcome/i)).not.toBeInTheDocument();
  });
});

describe('sign up', () => {
  async function openSignUp() {
    const rendered = renderApp();
    await rendered.user.click(await screen.findByRole('button', { name: 'Create an account' }));
    expect(screen.getByRole('heading', { name: 'Create your account' })).toHaveFocus();
    return rendered;
  }

  it('has the six labelled fields, the last three optional', async () => {
    await openSignUp();
    for (const label of ['Username', 'Email', 'Password', 'First name', 'Last name', 'Phone number']) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    for (const label of ['First name', 'Last name', 'Phone number']) {
      expect(screen.getByLabelText(label)).toHaveAccessibleDescription(/Optional/);
    }
    expect(screen.getByLabelText('Username')).not.toHaveAccessibleDescription(/Optional/);
  });

  it('shows each field error under its field', async () => {
    api.signUp.mockRejectedValue(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, {
        email: { key: 'fieldError.inUse' },
        password: { key: 'fieldError.tooShort', params: { min: 8 } },
        number_phone: { key: 'fieldError.phoneTooLong', params: { max: 10 } },
      }),
    );
    const { user } = await openSignUp();
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Phone number'), '12345678901');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    // The first invalid field takes focus, each message is under its field, no banner repeats them.
    await waitFor(() => expect(screen.getByLabelText('Email')).toHaveFocus());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(api.signUp).toHaveBeenCalledWith({
      username: 'alice',
      email: 'alice@example.com',
      password: 'short',
      first_name: '',
      last_name: '',
      number_phone: '12345678901',
    });
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Another account already uses this. Choose a different one.');
    // The error says what to do in its own words and takes the hint's place.
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('This password is too short. Use at least 8 characters.');
    expect(screen.queryByText('At least 8 characters, not only digits.')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Phone number')).toHaveAccessibleDescription(
      'This number has too many digits. Use at most 10 digits (a leading + counts as one); spaces and dashes are removed. Optional',
    );
    expect(screen.getByLabelText('Username')).not.toHaveAttribute('aria-invalid');

    // Editing a field clears its error.
    await user.type(screen.getByLabelText('Email'), 'x');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText(/already uses this/)).not.toBeInTheDocument();
  });

  it('goes to the profile on success, and back to sign-in on request', async () => {
    api.signUp.mockResolvedValue(api.bobProfile);
    const { user } = await openSignUp();
    await user.click(screen.getByRole('button', { name: 'I already have an account' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create an account' }));
    await user.type(screen.getByLabelText('Username'), 'bob');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    const heading = await screen.findByRole('heading', { name: 'Your profile' });
    expect(heading).toBeInTheDocument();
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Account: bob' })).toBeInTheDocument();
  });
});

describe('Spanish', () => {
  it('translates the screen and the backend messages', async () => {
    api.signIn.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.wrongCredentials' }));
    const { user } = renderApp('es');
    await user.type(await screen.findByLabelText('Correo o nombre de usuario'), 'alice');
    await user.type(screen.getByLabelText('Contraseña'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Iniciar sesión' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Correo o contraseña incorrectos.');
  });
});
