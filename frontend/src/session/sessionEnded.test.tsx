import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../api/client';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';
import { stubListLayout } from '../vault/testKit';

vi.mock('../api/client', () => import('../test/apiMock'));

const LOCKED = 'PassDesk locked after a period of inactivity. Sign in again to continue.';
const SERVER = 'http://127.0.0.1:8000/api/';

type User = ReturnType<typeof renderApp>['user'];

/** One backend call made from one screen: the call fails, and the test looks at what the app does. */
interface Scenario {
  name: string;
  /** The call that fails (every other call answers as usual). */
  call: { mockRejectedValue: (reason: unknown) => unknown };
  /** A code other than unauthenticated this screen shows as an error (the screens cover every code). */
  otherCode: ErrorCode;
  /** Answers the calls the screen needs before the failing one. */
  setUp?: () => void;
  /** From the signed-in profile, reaches the screen and makes the call. */
  makeCall: (user: User) => Promise<void>;
}

const openVault = (user: User) => openSection(user, 'Saved passwords');
const openSettings = (user: User) => openSection(user, 'Settings');

async function syncSection(user: User) {
  await openSettings(user);
  return screen.findByRole('region', { name: 'Sync with the web service' });
}

/** Runs an action of the Bank row's "More actions" menu. */
async function fromBankMenu(user: User, action: string) {
  await user.click(await screen.findByRole('button', { name: 'More actions for Bank' }));
  await user.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: action }));
}

/** The vault is empty in these scenarios: its one Add button is the empty state's. */
const ADD = { name: 'Add your first password' };

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'saving the profile',
    call: api.updateProfile,
    otherCode: 'conflict',
    makeCall: async (user) => {
      await user.click(await screen.findByRole('button', { name: 'Edit profile' }));
      const form = screen.getByRole('form', { name: 'Edit profile' });
      await user.type(within(form).getByLabelText('First name'), 'x');
      await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    },
  },
  {
    name: 'removing the profile picture',
    call: api.removeAvatar,
    otherCode: 'internal',
    setUp: () => api.getProfile.mockResolvedValue({ ...api.aliceProfile, avatar: '/media/avatars/1-aa.jpg' }),
    makeCall: async (user) => {
      await user.click(await screen.findByRole('button', { name: 'Remove picture' }));
      const dialog = screen.getByRole('dialog', { name: 'Remove profile picture' });
      await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    },
  },
  {
    name: 'saving the settings',
    call: api.updateSettings,
    otherCode: 'unavailable',
    makeCall: async (user) => {
      await openSettings(user);
      const minutes = await screen.findByLabelText('Lock after inactivity (minutes)');
      await user.clear(minutes);
      await user.type(minutes, '30{Enter}');
    },
  },
  {
    name: 'copying the diagnostics',
    call: api.copyDiagnostics,
    otherCode: 'internal',
    makeCall: async (user) => {
      await openSettings(user);
      const group = await screen.findByRole('region', { name: 'Support' });
      await user.click(within(group).getByRole('button', { name: 'Copy diagnostics' }));
    },
  },
  {
    name: 'changing the password',
    call: api.changePassword,
    otherCode: 'forbidden',
    makeCall: async (user) => {
      await openSettings(user);
      await user.type(await screen.findByLabelText('Current password'), 'correct horse');
      await user.type(screen.getByLabelText('New password'), 'battery staple');
      await user.click(screen.getByRole('button', { name: 'Change password' }));
    },
  },
  {
    name: 'deleting the account',
    call: api.deleteAccount,
    otherCode: 'unavailable',
    makeCall: async (user) => {
      await openSettings(user);
      await user.click(await screen.findByRole('button', { name: 'Delete account' }));
      const dialog = screen.getByRole('dialog', { name: 'Delete account' });
      await user.type(within(dialog).getByLabelText('Password'), 'correct horse');
      await user.click(within(dialog).getByRole('button', { name: 'Delete my account permanently' }));
    },
  },
  {
    name: 'reading the sync status at sign-in',
    call: api.getSyncStatus,
    otherCode: 'internal',
    makeCall: async (user) => {
      // The call is the session's own, at sign-in: once it has settled, an
      // error other than unauthenticated is shown in Settings → Sync.
      await waitFor(() => expect(api.getSyncStatus).toHaveBeenCalled());
      await act(async () => {
        await api.getSyncStatus.mock.results[0]?.value.catch(() => undefined);
      });
      if (screen.queryByRole('navigation', { name: 'Sections' })) await syncSection(user);
    },
  },
  {
    name: 'linking to a server',
    call: api.linkRemote,
    otherCode: 'unavailable',
    makeCall: async (user) => {
      const section = await syncSection(user);
      await user.type(await within(section).findByLabelText('Server address'), SERVER);
      await user.type(within(section).getByLabelText('Email on the server'), 'alice@example.com');
      await user.type(within(section).getByLabelText('Password on the server'), 'server pass');
      await user.click(within(section).getByRole('button', { name: 'Link' }));
    },
  },
  {
    name: 'syncing now',
    call: api.syncNow,
    otherCode: 'unavailable',
    setUp: () => api.getSyncStatus.mockResolvedValue(api.syncStatus({ state: 'synced', server_url: SERVER, remote_email: 'alice@example.com' })),
    makeCall: async (user) => {
      const section = await syncSection(user);
      await user.click(await within(section).findByRole('button', { name: 'Sync now' }));
    },
  },
  {
    name: 'listing the saved passwords',
    call: api.listSavedPasswords,
    otherCode: 'internal',
    makeCall: openVault,
  },
  {
    name: 'showing a saved password',
    call: api.revealSavedPassword,
    otherCode: 'not_found',
    setUp: () => api.serveSavedPasswords([api.bankEntry]),
    makeCall: async (user) => {
      await openVault(user);
      await fromBankMenu(user, 'Show password');
    },
  },
  {
    name: 'copying a saved password',
    call: api.copySavedPassword,
    otherCode: 'forbidden',
    setUp: () => api.serveSavedPasswords([api.bankEntry]),
    makeCall: async (user) => {
      await openVault(user);
      await user.click(await screen.findByRole('button', { name: 'Copy password for Bank' }));
    },
  },
  {
    name: 'loading the generator in the add dialog',
    call: api.generatorPresets,
    otherCode: 'internal',
    makeCall: async (user) => {
      await openVault(user);
      await user.click(await screen.findByRole('button', ADD));
    },
  },
  {
    name: 'adding a saved password',
    call: api.addSavedPassword,
    otherCode: 'invalid',
    makeCall: async (user) => {
      await openVault(user);
      await user.click(await screen.findByRole('button', ADD));
      const dialog = screen.getByRole('dialog', { name: 'Add password' });
      await user.type(within(dialog).getByLabelText('Address (URL)'), 'https://bank.example.org');
      await user.type(within(dialog).getByLabelText('Password'), 's3cret');
      await user.click(within(dialog).getByRole('button', { name: 'Save password' }));
    },
  },
  {
    name: 'deleting a saved password',
    call: api.deleteSavedPassword,
    otherCode: 'conflict',
    setUp: () => api.serveSavedPasswords([api.bankEntry]),
    makeCall: async (user) => {
      await openVault(user);
      await fromBankMenu(user, 'Delete');
      const dialog = screen.getByRole('dialog', { name: 'Delete saved password' });
      await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    },
  },
];

function signedInWith(scenario: Scenario, reason: unknown) {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  scenario.setUp?.();
  scenario.call.mockRejectedValue(reason);
  return renderApp();
}

beforeEach(() => {
  api.resetApiMock();
  stubListLayout();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a call rejected as unauthenticated', () => {
  it.each(SCENARIOS)('from $name brings back sign-in, saying the session was locked', async (scenario) => {
    const { user } = signedInWith(scenario, new api.AppError('unauthenticated', { key: 'error.signInPlease' }));
    await scenario.makeCall(user);

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(LOCKED);
    expect(screen.queryByRole('navigation', { name: 'Sections' })).not.toBeInTheDocument();
    expect(api.signOut).not.toHaveBeenCalled();
  });

  it('while signed out (a wrong password at sign-in) only shows the error', async () => {
    api.signIn.mockRejectedValue(new api.AppError('unauthenticated', { key: 'error.wrongCredentials' }));
    const { user } = renderApp();
    await user.type(await screen.findByLabelText('Email or username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');
    expect(screen.queryByText(LOCKED)).not.toBeInTheDocument();
  });
});

describe('a call rejected with another code', () => {
  it('covers every other code', () => {
    const codes = new Set(SCENARIOS.map((s) => s.otherCode));
    expect([...codes].sort()).toEqual(['conflict', 'forbidden', 'internal', 'invalid', 'not_found', 'unavailable']);
  });

  it.each(SCENARIOS)('from $name ($otherCode) is shown there, and the session goes on', async (scenario) => {
    const { user } = signedInWith(scenario, new api.AppError(scenario.otherCode, { key: 'syncError.forbidden' }));
    await scenario.makeCall(user);

    expect((await screen.findAllByRole('alert')).length).toBeGreaterThan(0);
    expect(screen.getByRole('navigation', { name: 'Sections' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Sign in' })).not.toBeInTheDocument();
    expect(screen.queryByText(LOCKED)).not.toBeInTheDocument();
  });
});
