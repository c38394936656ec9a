/**
 * A stand-in for src/api/client.ts in component tests:
 *   vi.mock('../api/client', () => import('../test/apiMock'));
 * Error helpers (AppError, toAppError) are the real ones; every backend call is a vi.fn()
 * whose calls go through the real `call` (src/api/call.ts), so a rejection as
 * "unauthenticated" ends the session exactly as in the app.
 */
import { vi, type Mock } from 'vitest';
import type * as Client from '../api/client';
import type { GeneratorPresets, Profile, SavedPasswordSummary, SyncStatus, VaultSyncReport } from '../api/client';
import { call, onUnauthenticatedCall } from '../api/call';
import samples from '../api/contract.samples.json';
import { AppError as RealAppError } from '../api/errors';

export { AppError, toAppError, GENERIC_ERROR } from '../api/errors';
export { EDITABLE_FIELDS, LANGUAGE_CHOICES, SYNC_STATES, THEME_CHOICES } from '../api/choices';
export type {
  EditableField,
  GeneratedPassword,
  GeneratorOptions,
  GeneratorPresets,
  Profile,
  ProfilePatch,
  SavedPasswordInput,
  SavedPasswordPage,
  SavedPasswordSummary,
  Settings,
  SignInInput,
  SignUpInput,
  Appearance,
  LinkInput,
  SyncConflict,
  SyncState,
  SyncStatus,
  ThemeChoice,
  LanguageChoice,
  LinkMode,
  VaultSyncConflict,
  VaultSyncReport,
} from '../api/client';
export const SESSION_LOCKED_EVENT = 'session:locked';
export const SYNC_STATUS_EVENT = 'sync:status';

/**
 * A vi.fn() for one backend call (set its answer with mockResolvedValue and
 * the like), called through the real `call`: whatever it rejects with
 * reaches the caller as an AppError, and an "unauthenticated" one is
 * published first, as the real client does.
 */
function backendCall<F extends (...args: any[]) => Promise<unknown>>(): Mock<F> {
  return new Proxy(vi.fn<F>(), {
    apply: (target, self, args) => call(() => Promise.resolve(Reflect.apply(target, self, args))),
  });
}

export const signUp = backendCall<typeof Client.signUp>();
export const signIn = backendCall<typeof Client.signIn>();
export const signOut = backendCall<typeof Client.signOut>();
export const reportActivity = backendCall<typeof Client.reportActivity>();
export const getProfile = backendCall<typeof Client.getProfile>();
export const updateProfile = backendCall<typeof Client.updateProfile>();
export const setAvatar = backendCall<typeof Client.setAvatar>();
export const removeAvatar = backendCall<typeof Client.removeAvatar>();
export const deleteAccount = backendCall<typeof Client.deleteAccount>();
export const getSettings = backendCall<typeof Client.getSettings>();
export const updateSettings = backendCall<typeof Client.updateSettings>();
export const changePassword = backendCall<typeof Client.changePassword>();
export const listSavedPasswords = backendCall<typeof Client.listSavedPasswords>();
export const addSavedPassword = backendCall<typeof Client.addSavedPassword>();
export const updateSavedPassword = backendCall<typeof Client.updateSavedPassword>();
export const deleteSavedPassword = backendCall<typeof Client.deleteSavedPassword>();
export const revealSavedPassword = backendCall<typeof Client.revealSavedPassword>();
export const copySavedPassword = backendCall<typeof Client.copySavedPassword>();
export const generatorPresets = backendCall<typeof Client.generatorPresets>();
export const generatePassword = backendCall<typeof Client.generatePassword>();
export const getAppearance = backendCall<typeof Client.getAppearance>();
export const setAppearance = backendCall<typeof Client.setAppearance>();
export const openDataFolder = backendCall<typeof Client.openDataFolder>();
export const openLogs = backendCall<typeof Client.openLogs>();
export const copyDiagnostics = backendCall<typeof Client.copyDiagnostics>();
export const getSyncStatus = backendCall<typeof Client.getSyncStatus>();
export const linkRemote = backendCall<typeof Client.linkRemote>();
export const unlinkRemote = backendCall<typeof Client.unlinkRemote>();
export const syncNow = backendCall<typeof Client.syncNow>();
export const resolveSyncConflict = backendCall<typeof Client.resolveSyncConflict>();
export const signInRemoteAgain = backendCall<typeof Client.signInRemoteAgain>();
export const getVaultSyncStatus = backendCall<typeof Client.getVaultSyncStatus>();
export const setVaultSync = backendCall<typeof Client.setVaultSync>();
export const resolveVaultSyncConflict = backendCall<typeof Client.resolveVaultSyncConflict>();

const backendCalls = [
  signUp,
  signIn,
  signOut,
  reportActivity,
  getProfile,
  updateProfile,
  setAvatar,
  removeAvatar,
  deleteAccount,
  getSettings,
  updateSettings,
  changePassword,
  listSavedPasswords,
  addSavedPassword,
  updateSavedPassword,
  deleteSavedPassword,
  revealSavedPassword,
  copySavedPassword,
  generatorPresets,
  generatePassword,
  getAppearance,
  setAppearance,
  openDataFolder,
  openLogs,
  copyDiagnostics,
  getSyncStatus,
  linkRemote,
  unlinkRemote,
  syncNow,
  resolveSyncConflict,
  signInRemoteAgain,
  getVaultSyncStatus,
  setVaultSync,
  resolveVaultSyncConflict,
];

const syncListeners = new Set<(status: SyncStatus) => void>();
export const onSyncStatus = vi.fn<typeof Client.onSyncStatus>((callback) => {
  syncListeners.add(callback);
  return () => {
    syncListeners.delete(callback);
  };
});

/** What the Go side does when the sync status changes. */
export function emitSyncStatus(status: SyncStatus): void {
  for (const listener of [...syncListeners]) listener(status);
}

/** A sync status: off unless overridden. */
export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'off', server_url: '', remote_username: '', remote_email: '', pending: 0, conflicts: [],
    last_synced_at: null, next_retry_at: null, error: null, problems: [], transfer: null, ...overrides,
  };
}

/** A saved-password sync report: off unless overridden. */
export function vaultSyncReport(overrides: Partial<VaultSyncReport> = {}): VaultSyncReport {
  return { enabled: false, pending: 0, refused: 0, failed: false, conflicts: [], last_synced_at: null, ...overrides };
}

const lockListeners = new Set<() => void>();
/** Like the real one: the lock event (emitSessionLocked) and every call rejected as unauthenticated. */
export const onSessionEnded = vi.fn<typeof Client.onSessionEnded>((callback) => {
  lockListeners.add(callback);
  const offCalls = onUnauthenticatedCall(callback);
  return () => {
    lockListeners.delete(callback);
    offCalls();
  };
});

/** What the Go side does when the idle auto-lock fires. */
export function emitSessionLocked(): void {
  for (const listener of [...lockListeners]) listener();
}

/** How many listen for the session's end (the session holder, while signed in). */
export function lockListenerCount(): number {
  return lockListeners.size;
}

/** A profile as Go sends it with every field empty (the contract samples), for fixtures to fill in. */
export const emptyProfile: Profile = samples.results.GetProfile.empty;

export const aliceProfile: Profile = {
  ...emptyProfile,
  id: 1,
  username: 'alice',
  email: 'alice@example.com',
  first_name: 'Alice',
  last_name: 'Liddell',
  number_phone: '5551234',
  date_joined: '2024-03-01T10:00:00Z',
  updated_at: '2024-03-01T10:00:00Z',
};

export const bobProfile: Profile = {
  ...emptyProfile,
  id: 2,
  username: 'bob',
  email: 'bob@example.com',
  date_joined: '2024-04-01T10:00:00Z',
  updated_at: '2024-04-01T10:00:00Z',
};

export const mailEntry: SavedPasswordSummary = {
  id: 11,
  name_pages: 'Mail',
  url: 'https://mail.example.com',
  username: 'alice@example.com',
  updated_at: '2024-05-01T10:00:00Z',
};

export const bankEntry: SavedPasswordSummary = {
  id: 12,
  name_pages: 'Bank',
  url: 'https://bank.example.org/login',
  username: 'alice.bank',
  updated_at: '2024-05-02T10:00:00Z',
};

/** An entry without a name: the list shows its URL's host instead. */
export const unnamedEntry: SavedPasswordSummary = {
  id: 13,
  name_pages: '',
  url: 'https://shop.example.net/account',
  username: '',
  updated_at: '2024-05-03T10:00:00Z',
};

/** The backend's own presets (generator.DefaultPresets). */
export const defaultPresets: GeneratorPresets = {
  standard: { length: 10, lower: true, upper: true, digits: true, symbols: true, exclude_lookalikes: false },
  strong: { length: 20, lower: true, upper: true, digits: true, symbols: true, exclude_lookalikes: false },
};

/** The store generation serveSavedPasswords answers at: each call is a new one, as after a write. */
let servedGeneration = 0;

/**
 * Makes listSavedPasswords search and page entries like the backend: name,
 * URL or username, any case, the total counting every match, one store
 * generation per call of this function, and (like the real bindings) new
 * objects on every call.
 */
export function serveSavedPasswords(entries: readonly SavedPasswordSummary[]): void {
  const generation = ++servedGeneration;
  listSavedPasswords.mockImplementation(async (query, offset, limit) => {
    const q = query.trim().toLowerCase();
    const found = entries.filter((e) => [e.name_pages, e.url, e.username].some((field) => field.toLowerCase().includes(q)));
    return { items: found.slice(offset, offset + limit).map((e) => ({ ...e })), total: found.length, generation };
  });
}

/** Resets every mock to a signed-out backend with default settings and an empty vault. */
export function resetApiMock(): void {
  lockListeners.clear();
  syncListeners.clear();
  for (const fn of backendCalls) fn.mockReset();
  onSessionEnded.mockClear();
  onSyncStatus.mockClear();
  getSyncStatus.mockResolvedValue(syncStatus());
  getVaultSyncStatus.mockResolvedValue(vaultSyncReport());
  getAppearance.mockResolvedValue({ theme: 'system', language: 'system' });
  setAppearance.mockImplementation(async (a) => a);
  getProfile.mockRejectedValue(new RealAppError('unauthenticated', { key: 'error.signInPlease' }));
  getSettings.mockResolvedValue({ idle_lock_minutes: 15 });
  updateSettings.mockImplementation(async (s) => s);
  signOut.mockResolvedValue(undefined);
  reportActivity.mockResolvedValue(undefined);
  listSavedPasswords.mockResolvedValue({ items: [], total: 0, generation: 0 });
  generatorPresets.mockResolvedValue(defaultPresets);
}

/** A promise whose outcome the test decides later. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
