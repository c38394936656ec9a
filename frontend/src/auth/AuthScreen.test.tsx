import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { renderApp } from '../test/renderApp';

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

  it('shows field errors from the backend under their fields', async () => {
    api.signIn.mockRejectedValue(new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { login: { key: 'fieldError.required' } }));
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    const login = screen.getByLabelText('Email or username');
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are not valid.');
    expect(login).toHaveAccessibleDescription('is required');
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
        number_phone: { key: 'fieldError.tooLong', params: { max: 10 } },
      }),
    );
    const { user } = await openSignUp();
    await user.type(screen.getByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Email'), 'alice@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Phone number'), '12345678901');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are not valid.');
    expect(api.signUp).toHaveBeenCalledWith({
      username: 'alice',
      email: 'alice@example.com',
      password: 'short',
      first_name: '',
      last_name: '',
      number_phone: '12345678901',
    });
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('already in use');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      expect.stringContaining('must be at least 8 characters'),
    );
    expect(screen.getByLabelText('Phone number')).toHaveAccessibleDescription(
      expect.stringContaining('must be at most 10 characters'),
    );
    expect(screen.getByLabelText('Username')).not.toHaveAttribute('aria-invalid');

    // Editing a field clears its error.
    await user.type(screen.getByLabelText('Email'), 'x');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText('already in use')).not.toBeInTheDocument();
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
