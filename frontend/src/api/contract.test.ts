/**
 * The Go→TypeScript contract: every bound result, as Go really sends it
 * (contract.samples.json, written by the Go test TestContractSamplesAreUpToDate
 * in app_contract_test.go), comes out of the API client whole — nothing
 * dropped, nothing defaulted, null kept null. A renamed JSON tag or a changed
 * type in Go changes the samples, and then this test fails until client.ts
 * reads the new shape.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Backend from '../../wailsjs/go/main/App';
import samples from './contract.samples.json';
import * as Client from './client';
import { AppError } from './client';

vi.mock('../../wailsjs/go/main/App', async (importOriginal) => {
  const bindings = await importOriginal<Record<string, unknown>>();
  return Object.fromEntries(Object.keys(bindings).map((name) => [name, vi.fn()]));
});
vi.mock('../../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn() }));

const backend = vi.mocked(Backend) as unknown as Record<string, ReturnType<typeof vi.fn>>;

const entry = { name_pages: 'Bank', url: 'https://bank.example.org', username: 'ana', password_saved: 's3cret' };
const options = { length: 12, lower: true, upper: true, digits: true, symbols: false, exclude_lookalikes: false };

/** The client function that calls each bound method with a result. */
const CALLS: Readonly<Record<string, () => Promise<unknown>>> = {
  AddSavedPassword: () => Client.addSavedPassword(entry),
  CopyDiagnostics: () => Client.copyDiagnostics(),
  GeneratePassword: () => Client.generatePassword(options),
  GeneratorPresets: () => Client.generatorPresets(),
  GetAppearance: () => Client.getAppearance(),
  GetProfile: () => Client.getProfile(),
  GetSettings: () => Client.getSettings(),
  GetSyncStatus: () => Client.getSyncStatus(),
  GetVaultSyncStatus: () => Client.getVaultSyncStatus(),
  LinkRemote: () => Client.linkRemote({ server_url: 'https://s.example', mode: 'signin', email: 'a@example.com', password: 'p', username: '' }),
  ListSavedPasswords: () => Client.listSavedPasswords('', 0, 100),
  RemoveAvatar: () => Client.removeAvatar(),
  ResolveSyncConflict: () => Client.resolveSyncConflict('email', 'mine'),
  ResolveVaultSyncConflict: () => Client.resolveVaultSyncConflict(3, 'both'),
  RevealSavedPassword: () => Client.revealSavedPassword(3),
  SetAppearance: () => Client.setAppearance({ theme: 'dark', language: 'es' }),
  SetAvatar: () => Client.setAvatar('iVBORw0KGgo='),
  SetVaultSync: () => Client.setVaultSync(true),
  SignIn: () => Client.signIn({ login: 'a', password: 'p' }),
  SignInRemoteAgain: () => Client.signInRemoteAgain('p'),
  SignUp: () => Client.signUp({ username: 'a', email: 'a@example.com', password: 'p', first_name: '', last_name: '', number_phone: '' }),
  SyncNow: () => Client.syncNow(),
  UnlinkRemote: () => Client.unlinkRemote(),
  UpdateProfile: () => Client.updateProfile({ first_name: 'A' }),
  UpdateSavedPassword: () => Client.updateSavedPassword(3, entry),
  UpdateSettings: () => Client.updateSettings({ idle_lock_minutes: 5 }),
};

/** Bound for the command line and support, not called by the UI. */
const NOT_CALLED_BY_THE_UI = ['GetDiagnostics'];

/** value as Go sent it: an AppError back in apperr.Public's shape. */
function asSent(value: unknown): unknown {
  if (value instanceof AppError) {
    return {
      code: value.code,
      key: value.reason.key,
      ...(value.reason.params ? { params: value.reason.params } : {}),
      ...(value.hasFieldErrors() ? { fields: value.fields } : {}),
    };
  }
  if (Array.isArray(value)) return value.map(asSent);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, asSent(field)]));
  }
  return value;
}

const results: Readonly<Record<string, Readonly<Record<string, unknown>>>> = samples.results;
const cases = Object.entries(results)
  .filter(([method]) => !NOT_CALLED_BY_THE_UI.includes(method))
  .flatMap(([method, forms]) => Object.entries(forms).map(([form, sample]) => [method, form, sample] as const));

beforeEach(() => {
  vi.resetAllMocks();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the contract with the Go bindings', () => {
  it('has a sample of every bound result, and a call for each one the UI uses', () => {
    const called = Object.keys(results).filter((method) => !NOT_CALLED_BY_THE_UI.includes(method));
    expect(called.sort()).toEqual(Object.keys(CALLS).sort());
    for (const method of Object.keys(results)) expect(backend[method], method).toBeDefined();
  });

  it.each(cases)('%s: its %s result comes through whole', async (method, _form, sample) => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    backend[method]?.mockResolvedValue(structuredClone(sample));
    const received = await CALLS[method]?.().catch((error: unknown) => error);
    expect(log.mock.calls.map((args) => String(args[0]))).toEqual([]);
    expect(received).not.toBeInstanceOf(Error);
    expect(asSent(received)).toStrictEqual(sample);
  });

  it('lists the profile fields Go accepts in an update, in its order', () => {
    expect(Client.EDITABLE_FIELDS).toEqual(samples.profile_fields);
  });
});
