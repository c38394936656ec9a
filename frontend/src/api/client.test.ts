import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Backend from '../../wailsjs/go/main/App';
import * as Runtime from '../../wailsjs/runtime/runtime';
import * as Client from './client';
import {
  addSavedPassword,
  AppError,
  changePassword,
  deleteAccount,
  generatePassword,
  listSavedPasswords,
  getProfile,
  onSessionEnded,
  removeAvatar,
  setAvatar,
  signIn,
  updateProfile,
  updateSettings,
} from './client';
import samples from './contract.samples.json';
import { ERROR_CODES } from './errors';

// Only this file mocks the generated Wails modules: it tests the one module that uses them.
vi.mock('../../wailsjs/go/main/App', () => ({
  AddSavedPassword: vi.fn(),
  ChangePassword: vi.fn(),
  CopyDiagnostics: vi.fn(),
  CopySavedPassword: vi.fn(),
  DeleteAccount: vi.fn(),
  DeleteSavedPassword: vi.fn(),
  GeneratePassword: vi.fn(),
  GeneratorPresets: vi.fn(),
  GetAppearance: vi.fn(),
  GetDiagnostics: vi.fn(),
  GetProfile: vi.fn(),
  GetSettings: vi.fn(),
  GetSyncStatus: vi.fn(),
  GetVaultSyncStatus: vi.fn(),
  LinkRemote: vi.fn(),
  ListSavedPasswords: vi.fn(),
  OpenDataFolder: vi.fn(),
  OpenLogs: vi.fn(),
  RemoveAvatar: vi.fn(),
  ReportActivity: vi.fn(),
  ResolveSyncConflict: vi.fn(),
  ResolveVaultSyncConflict: vi.fn(),
  RevealSavedPassword: vi.fn(),
  SetAppearance: vi.fn(),
  SetAvatar: vi.fn(),
  SetVaultSync: vi.fn(),
  SignIn: vi.fn(),
  SignInRemoteAgain: vi.fn(),
  SignOut: vi.fn(),
  SignUp: vi.fn(),
  SyncNow: vi.fn(),
  UnlinkRemote: vi.fn(),
  UpdateProfile: vi.fn(),
  UpdateSavedPassword: vi.fn(),
  UpdateSettings: vi.fn(),
}));
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn() }));

const backend = vi.mocked(Backend);
const runtime = vi.mocked(Runtime);

/** A profile as Go sends it (the contract samples' empty one, filled in). */
const rawProfile = {
  ...samples.results.GetProfile.empty,
  id: 7,
  username: 'alice',
  email: 'alice@example.com',
  first_name: 'Alice',
  date_joined: '2024-03-01T10:00:00Z',
  updated_at: '2024-03-01T10:00:00Z',
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  vi.resetAllMocks();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('API client errors', () => {
  it('turns the backend error object into an AppError with its code, key, parameters and fields', async () => {
    backend.UpdateProfile.mockRejectedValue({
      code: 'invalid',
      key: 'error.fieldsInvalid',
      fields: { number_phone: { key: 'fieldError.tooLong', params: { max: 10 } }, email: { key: 'fieldError.inUse' } },
    });
    const error = await rejection(updateProfile({ number_phone: '12345678901' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('invalid');
    expect(error.reason).toEqual({ key: 'error.fieldsInvalid' });
    expect(error.fields).toEqual({ number_phone: { key: 'fieldError.tooLong', params: { max: 10 } }, email: { key: 'fieldError.inUse' } });
  });

  it('keeps only string and number parameters, and drops fields without a key', async () => {
    backend.UpdateProfile.mockRejectedValue({
      code: 'invalid',
      key: 'error.fieldsInvalid',
      params: { bad: { nested: true }, n: 3 },
      fields: { email: 'already in use', username: { params: { max: 1 } }, first_name: { key: 'fieldError.tooLong', params: { max: '5', list: [1] } } },
    });
    const error = await rejection(updateProfile({ email: 'x' }));
    expect(error.reason).toEqual({ key: 'error.fieldsInvalid', params: { n: 3 } });
    expect(error.fields).toEqual({ first_name: { key: 'fieldError.tooLong', params: { max: '5' } } });
  });

  it('keeps the code of an error without fields', async () => {
    backend.SignIn.mockRejectedValue({ code: 'unauthenticated', key: 'error.wrongCredentials' });
    const error = await rejection(signIn({ login: 'alice', password: 'x' }));
    expect(error.code).toBe('unauthenticated');
    expect(error.reason).toEqual({ key: 'error.wrongCredentials' });
    expect(error.fields).toEqual({});
  });

  it('turns a plain string rejection into an internal error', async () => {
    backend.GetProfile.mockRejectedValue('runtime: connection lost');
    const error = await rejection(getProfile());
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('internal');
    expect(error.reason).toEqual({ key: 'error.generic' });
    expect(error.cause).toBe('runtime: connection lost');
  });

  it('reads the error object from JSON text', async () => {
    backend.DeleteAccount.mockRejectedValue(
      JSON.stringify({ code: 'invalid', key: 'error.fieldsInvalid', fields: { password: { key: 'fieldError.notCorrect' } } }),
    );
    const error = await rejection(deleteAccount('wrong'));
    expect(error.code).toBe('invalid');
    expect(error.fields).toEqual({ password: { key: 'fieldError.notCorrect' } });
  });

  it('reads the error object the Wails runtime wraps in an Error', async () => {
    backend.UpdateProfile.mockRejectedValue(
      new Error(JSON.stringify({ code: 'invalid', key: 'error.fieldsInvalid', fields: { email: { key: 'fieldError.inUse' } } })),
    );
    const error = await rejection(updateProfile({ email: 'taken@example.com' }));
    expect(error.code).toBe('invalid');
    expect(error.fields).toEqual({ email: { key: 'fieldError.inUse' } });
  });

  it('treats an Error, an unknown code or a synchronous throw as internal', async () => {
    backend.GetProfile.mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'main')"));
    expect((await rejection(getProfile())).code).toBe('internal');

    backend.GetProfile.mockRejectedValueOnce({ code: 'teapot', key: 'error.generic' });
    expect((await rejection(getProfile())).code).toBe('internal');

    backend.GetProfile.mockImplementationOnce(() => {
      throw new TypeError('window.go is undefined');
    });
    expect((await rejection(getProfile())).code).toBe('internal');
  });
});

describe('API client calls', () => {
  it('sends only the fields present in a profile patch', async () => {
    backend.UpdateProfile.mockResolvedValue({ ...rawProfile } as never);
    await updateProfile({ email: 'new@example.com', first_name: undefined, number_phone: '' });
    expect(backend.UpdateProfile).toHaveBeenCalledWith({ email: 'new@example.com', number_phone: '' });
  });

  it('keeps a null phone and avatar null, as Go sends a nil pointer', async () => {
    backend.GetProfile.mockResolvedValue({ ...rawProfile } as never);
    const profile = await getProfile();
    expect(profile.number_phone).toBeNull();
    expect(profile.avatar).toBeNull();
    expect(profile).toStrictEqual(rawProfile);
  });

  it.each([
    ['a missing field', { last_name: undefined }, 'GetProfile.last_name: expected a string, got nothing (the field is missing)'],
    ['a renamed field', { first_name: undefined, firstname: 'Alice' }, 'GetProfile.first_name: expected a string, got nothing'],
    ['a missing pointer field', { number_phone: undefined }, 'GetProfile.number_phone: expected a string, got nothing'],
    ['a number as text', { id: '7' }, 'GetProfile.id: expected an integer, got a string'],
    ['a fraction for an integer', { id: 7.5 }, 'GetProfile.id: expected an integer, got a number'],
    ['null for a string', { email: null }, 'GetProfile.email: expected a string, got null'],
  ])('refuses a profile with %s as an internal error, and logs what was wrong', async (_case, change, logged) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.GetProfile.mockResolvedValue({ ...rawProfile, ...change } as never);
    const error = await rejection(getProfile());
    expect(error.code).toBe('internal');
    expect(error.reason).toEqual({ key: 'error.generic' });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toContain(logged);
  });

  it('refuses a result of the wrong kind, never logging the value itself', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.RevealSavedPassword.mockResolvedValue({ password: 's3cret' } as never);
    expect((await rejection(Client.revealSavedPassword(3))).code).toBe('internal');
    backend.ListSavedPasswords.mockResolvedValue({
      items: [{ id: 3, name_pages: 's3cret', url: 'u', username: 'u', updated_at: '', damaged: 'yes' }],
      total: 1,
      generation: 1,
    } as never);
    expect((await rejection(listSavedPasswords('', 0, 100))).code).toBe('internal');
    backend.GetAppearance.mockResolvedValue({ theme: 'sepia', language: 'en' } as never);
    expect((await rejection(Client.getAppearance())).code).toBe('internal');
    const logged = log.mock.calls.map((args) => String(args[0]));
    expect(logged).toEqual([
      expect.stringContaining('RevealSavedPassword: expected a string, got an object'),
      expect.stringContaining('ListSavedPasswords.items.0.damaged: expected true or false, got a string'),
      expect.stringContaining('GetAppearance.theme: expected one of system, light, dark, got a string'),
    ]);
    expect(logged.join('\n')).not.toMatch(/s3cret|sepia/);
  });

  it('skips a sync status event of the wrong shape, and passes on a good one', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const status = {
      state: 'error', server_url: 'https://s.example', remote_username: 'a', remote_email: 'a@example.com', pending: 1,
      conflicts: [{ field: 'email', mine: 'a@example.com', server: 'b@example.com' }], last_synced_at: null, next_retry_at: null,
      error: { code: 'invalid', key: 'error.fieldsInvalid', fields: { email: { key: 'fieldError.inUse' } } },
      problems: [], transfer: null,
    };
    const seen = vi.fn();
    Client.onSyncStatus(seen);
    const emit = runtime.EventsOn.mock.calls[0]?.[1];
    emit?.({ ...status, pending: undefined });
    emit?.({ ...status, error: { ...status.error, code: 'teapot' } });
    expect(seen).not.toHaveBeenCalled();
    emit?.(status);
    expect(seen).toHaveBeenCalledTimes(1);
    const received = seen.mock.calls[0]?.[0] as Client.SyncStatus;
    expect(received.error).toBeInstanceOf(AppError);
    expect(received.error?.fields).toEqual({ email: { key: 'fieldError.inUse' } });
    expect({ ...received, error: null }).toStrictEqual({ ...status, error: null });
  });

  it('sends the picture as base64 text and returns the profile with its avatar URL', async () => {
    backend.SetAvatar.mockResolvedValue({ ...rawProfile, avatar: '/media/avatars/7-3fa2b1c4d5e6f708.jpg' } as never);
    const profile = await setAvatar('iVBORw0KGgo=');
    expect(backend.SetAvatar).toHaveBeenCalledWith('iVBORw0KGgo=');
    expect(profile.avatar).toBe('/media/avatars/7-3fa2b1c4d5e6f708.jpg');
    expect(profile.id).toBe(7);
  });

  it('keeps the reason a picture was refused in fields.avatar', async () => {
    backend.SetAvatar.mockRejectedValue(
      new Error(
        JSON.stringify({
          code: 'invalid',
          key: 'error.fieldsInvalid',
          fields: { avatar: { key: 'fieldError.pictureTooLarge', params: { max_mib: 10 } } },
        }),
      ),
    );
    const error = await rejection(setAvatar('bm90IGFuIGltYWdl'));
    expect(error.code).toBe('invalid');
    expect(error.fields).toEqual({ avatar: { key: 'fieldError.pictureTooLarge', params: { max_mib: 10 } } });
  });

  it('removes the avatar: the returned profile has none', async () => {
    backend.RemoveAvatar.mockResolvedValue({ ...rawProfile, avatar: null } as never);
    await expect(removeAvatar()).resolves.toMatchObject({ id: 7, avatar: null });
    expect(backend.RemoveAvatar).toHaveBeenCalledWith();
  });

  it('sends the settings and returns what the backend stored, not what was sent', async () => {
    // The answer differs from the request, so echoing the input cannot pass.
    backend.UpdateSettings.mockResolvedValue({ idle_lock_minutes: 15, unknown: true } as never);
    await expect(updateSettings({ idle_lock_minutes: 30, extra: 1 } as never)).resolves.toEqual({ idle_lock_minutes: 15 });
    expect(backend.UpdateSettings).toHaveBeenCalledWith({ idle_lock_minutes: 30 });
  });

  it('lists a page of saved passwords, treating null items as none', async () => {
    backend.ListSavedPasswords.mockResolvedValueOnce({ items: null, total: 0, generation: 7 } as never);
    await expect(listSavedPasswords('ba', 200, 100)).resolves.toEqual({ items: [], total: 0, generation: 7 });
    expect(backend.ListSavedPasswords).toHaveBeenCalledWith('ba', 200, 100);

    const summary = { id: 3, name_pages: 'Bank', url: 'https://bank.example.org', username: 'ana', updated_at: '2024-05-01T00:00:00Z' };
    backend.ListSavedPasswords.mockResolvedValueOnce({ items: [summary], total: 41, generation: 2 } as never);
    await expect(listSavedPasswords('', 0, 100)).resolves.toEqual({ items: [summary], total: 41, generation: 2 });

    const damaged = { id: 4, name_pages: '', url: '', username: '', updated_at: '', damaged: true };
    backend.ListSavedPasswords.mockResolvedValueOnce({ items: [damaged], total: 1, generation: 2 } as never);
    await expect(listSavedPasswords('', 0, 100)).resolves.toEqual({ items: [damaged], total: 1, generation: 2 });

    // Only the summary's fields come through: never a password.
    backend.ListSavedPasswords.mockResolvedValueOnce({ items: [{ ...summary, password_saved: 's3cret' }], total: 1, generation: 2 } as never);
    const { items: [row] } = await listSavedPasswords('', 0, 100);
    expect(row).toStrictEqual(summary);

    // A page without its count cannot be placed in the list.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.ListSavedPasswords.mockResolvedValueOnce({ items: [summary], generation: 2 } as never);
    expect((await rejection(listSavedPasswords('', 0, 100))).code).toBe('internal');
  });

  it('sends exactly the four entry fields when adding', async () => {
    const input = { name_pages: 'Bank', url: 'https://bank.example.org', username: 'ana', password_saved: 's3cret' };
    backend.AddSavedPassword.mockResolvedValue({ id: 4, name_pages: 'Bank', url: input.url, username: 'ana', updated_at: '' } as never);
    await addSavedPassword({ ...input, extra: 'dropped' } as typeof input);
    expect(backend.AddSavedPassword).toHaveBeenCalledWith(input);
  });

  it('passes generator options and keeps its field errors', async () => {
    const options = { length: 3, lower: true, upper: false, digits: false, symbols: false, exclude_lookalikes: false };
    backend.GeneratePassword.mockRejectedValue(
      new Error(JSON.stringify({ code: 'invalid', key: 'error.fieldsInvalid', fields: { length: { key: 'fieldError.between', params: { min: 4, max: 128 } } } })),
    );
    const error = await rejection(generatePassword({ ...options, extra: 'dropped' } as typeof options));
    expect(backend.GeneratePassword).toHaveBeenCalledWith(options);
    expect(error.fields).toEqual({ length: { key: 'fieldError.between', params: { min: 4, max: 128 } } });
  });

  it('changes the password with the current and the new one', async () => {
    backend.ChangePassword.mockResolvedValue(undefined);
    await changePassword('old pass', 'new pass');
    expect(backend.ChangePassword).toHaveBeenCalledWith('old pass', 'new pass');
  });

  it('does not throw when the Wails runtime is missing', () => {
    runtime.EventsOn.mockImplementation(() => {
      throw new TypeError('window.runtime is undefined');
    });
    const unsubscribe = onSessionEnded(() => {});
    expect(() => unsubscribe()).not.toThrow();
  });
});

const options = { length: 12, lower: true, upper: true, digits: true, symbols: false, exclude_lookalikes: false };
const entry = { name_pages: 'Bank', url: 'https://bank.example.org', username: 'ana', password_saved: 's3cret' };

/** Every function of the API module that calls the backend, each called once. */
const EVERY_CALL: Readonly<Record<string, () => Promise<unknown>>> = {
  signUp: () => Client.signUp({ username: 'a', email: 'a@example.com', password: 'p', first_name: '', last_name: '', number_phone: '' }),
  signIn: () => Client.signIn({ login: 'a', password: 'p' }),
  signOut: () => Client.signOut(),
  reportActivity: () => Client.reportActivity(),
  getProfile: () => Client.getProfile(),
  updateProfile: () => Client.updateProfile({ first_name: 'A' }),
  setAvatar: () => Client.setAvatar('iVBORw0KGgo='),
  removeAvatar: () => Client.removeAvatar(),
  deleteAccount: () => Client.deleteAccount('p', true),
  getSettings: () => Client.getSettings(),
  updateSettings: () => Client.updateSettings({ idle_lock_minutes: 5 }),
  changePassword: () => Client.changePassword('old', 'new'),
  listSavedPasswords: () => Client.listSavedPasswords('', 0, 100),
  addSavedPassword: () => Client.addSavedPassword(entry),
  updateSavedPassword: () => Client.updateSavedPassword(3, entry),
  deleteSavedPassword: () => Client.deleteSavedPassword(3),
  revealSavedPassword: () => Client.revealSavedPassword(3),
  copySavedPassword: () => Client.copySavedPassword(3),
  generatorPresets: () => Client.generatorPresets(),
  generatePassword: () => Client.generatePassword(options),
  getAppearance: () => Client.getAppearance(),
  setAppearance: () => Client.setAppearance({ theme: 'dark', language: 'es' }),
  openDataFolder: () => Client.openDataFolder(),
  openLogs: () => Client.openLogs(),
  copyDiagnostics: () => Client.copyDiagnostics(),
  getSyncStatus: () => Client.getSyncStatus(),
  linkRemote: () => Client.linkRemote({ server_url: 'https://s.example', mode: 'signin', email: 'a@example.com', password: 'p', username: '' }),
  unlinkRemote: () => Client.unlinkRemote(),
  syncNow: () => Client.syncNow(),
  resolveSyncConflict: () => Client.resolveSyncConflict('email', 'mine'),
  signInRemoteAgain: () => Client.signInRemoteAgain('p'),
  getVaultSyncStatus: () => Client.getVaultSyncStatus(),
  setVaultSync: () => Client.setVaultSync(true),
  resolveVaultSyncConflict: () => Client.resolveVaultSyncConflict(7, 'both'),
};

/** What the Wails runtime rejects with when a bound method returns an error with this code. */
function backendError(code: string): Error {
  return new Error(JSON.stringify({ code, key: 'error.signInPlease' }));
}

function rejectEveryBinding(reason: unknown): void {
  for (const binding of Object.values(backend)) vi.mocked(binding).mockRejectedValue(reason);
}

describe('the end of the session', () => {
  it('knows every function of the API module that calls the backend', () => {
    const notCalls = ['AppError', 'toAppError', 'onSyncStatus', 'onSessionEnded'];
    const functions = Object.entries(Client)
      .filter(([name, value]) => typeof value === 'function' && !notCalls.includes(name))
      .map(([name]) => name);
    expect(functions.sort()).toEqual(Object.keys(EVERY_CALL).sort());
  });

  it.each(Object.entries(EVERY_CALL))('is announced when %s is rejected as unauthenticated', async (_name, invoke) => {
    rejectEveryBinding(backendError('unauthenticated'));
    const ended = vi.fn();
    const off = onSessionEnded(ended);
    try {
      const error = await rejection(invoke());
      expect(error.code).toBe('unauthenticated');
      expect(ended).toHaveBeenCalledTimes(1);
    } finally {
      off();
    }
  });

  it.each(ERROR_CODES.filter((code) => code !== 'unauthenticated'))('is not announced for a %s rejection', async (code) => {
    rejectEveryBinding(backendError(code));
    const ended = vi.fn();
    const off = onSessionEnded(ended);
    try {
      for (const invoke of Object.values(EVERY_CALL)) {
        expect((await rejection(invoke())).code).toBe(code);
      }
      expect(ended).not.toHaveBeenCalled();
    } finally {
      off();
    }
  });

  it('is not announced for a runtime failure or a success', async () => {
    rejectEveryBinding(new TypeError('window.go is undefined'));
    const ended = vi.fn();
    const off = onSessionEnded(ended);
    await rejection(getProfile());
    backend.SignOut.mockResolvedValue(undefined);
    await Client.signOut();
    off();
    expect(ended).not.toHaveBeenCalled();
  });

  it('is announced by the idle lock event too, and unsubscribing stops both', async () => {
    const offEvent = vi.fn();
    runtime.EventsOn.mockReturnValue(offEvent);
    const ended = vi.fn();
    const unsubscribe = onSessionEnded(ended);

    expect(runtime.EventsOn).toHaveBeenCalledWith('session:locked', expect.any(Function));
    runtime.EventsOn.mock.calls[0]?.[1]?.();
    expect(ended).toHaveBeenCalledTimes(1);

    unsubscribe();
    expect(offEvent).toHaveBeenCalledTimes(1);
    backend.GetProfile.mockRejectedValue(backendError('unauthenticated'));
    await rejection(getProfile());
    expect(ended).toHaveBeenCalledTimes(1);
  });
});

describe('saved-password sync reports', () => {
  it('are read strictly: a report missing a field is an internal error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    backend.GetVaultSyncStatus.mockResolvedValue({ enabled: true, conflicts: null, last_synced_at: null } as never);
    await expect(Client.getVaultSyncStatus()).rejects.toMatchObject({ code: 'internal' });
    const report = {
      enabled: true, pending: 1, refused: 0, failed: false, last_synced_at: '2026-11-28T14:05:00Z',
      conflicts: [{ entry_id: 7, name_pages: 'Mail', fields: [{ field: 'password_saved', mine: '', server: '' }] }],
    };
    backend.ResolveVaultSyncConflict.mockResolvedValue(report as never);
    expect(await Client.resolveVaultSyncConflict(7, 'mine')).toEqual(report);
    expect(backend.ResolveVaultSyncConflict).toHaveBeenCalledWith(7, 'mine');
  });
});
