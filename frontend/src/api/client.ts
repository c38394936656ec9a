/**
 * The PassDesk backend as the UI sees it. This is the ONLY module that imports
 * from wailsjs (generated bindings and runtime events): components and hooks
 * import from here, and tests mock this module.
 */
import * as Backend from '../../wailsjs/go/main/App';
import type { accounts, apperr, generator, profile, settings, syncer, vault, vaultsync } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call, onUnauthenticatedCall } from './call';
import { EDITABLE_FIELDS, LANGUAGE_CHOICES, SYNC_STATES, THEME_CHOICES, type EditableField, type LanguageChoice, type SyncState, type ThemeChoice } from './choices';
import { AppError, ERROR_CODES, GENERIC_ERROR, toAppError, type ErrorCode } from './errors';
import { each, flag, integer, list, number, object, omitted, oneOf, orNull, record, text, WireError, type Reader } from './wire';

export { AppError, toAppError, GENERIC_ERROR } from './errors';
export type { BackendMessage, ErrorCode, FieldErrors } from './errors';
export { EDITABLE_FIELDS, LANGUAGE_CHOICES, SYNC_STATES, THEME_CHOICES } from './choices';
export type { EditableField, LanguageChoice, SyncState, ThemeChoice } from './choices';

/** A generated class's fields, without its generated helpers (convertValues). */
type Data<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/**
 * The data of a generated class (wailsjs/go/models.ts) as the UI holds it,
 * with the fields N names given the UI's type: a Go pointer (which models.ts
 * writes `f?: T`) is `T | null`, as Go sends it; a string of a few choices is
 * their union; the sync status's error is an AppError. N may only name
 * fields T has.
 */
type Model<T, N extends { [K in keyof N]: K extends keyof Data<T> ? unknown : never } = object> = Omit<Data<T>, keyof N> & N;

/** The signed-in user's profile (profile.Profile). */
export type Profile = Model<profile.Profile, { number_phone: string | null; avatar: string | null }>;

/** A partial update: only the fields present change; number_phone "" clears it. */
export type ProfilePatch = Partial<Record<EditableField, string>>;

/** login is an email or a username. */
export type SignInInput = accounts.SignInInput;
export type SignUpInput = accounts.SignUpInput;
export type Settings = settings.Settings;

/**
 * A saved password as the list shows it: never the password itself. An
 * entry with damaged true has only its id, and can only be deleted.
 */
export type SavedPasswordSummary = vault.Summary;

/**
 * A part of the saved-password list: the entries from the offset asked
 * for, how many match the search in all, and the store generation they were
 * read at — pages of one generation fit together, a newer one means the
 * list changed since.
 */
export type SavedPasswordPage = Model<vault.Page>;

/**
 * What an add or edit sends: every field (an edit replaces them all). The
 * username stays on this computer: saved-password sync never sends it.
 */
export type SavedPasswordInput = vault.Input;

export type GeneratorOptions = generator.Options;

/** The generator's standard (like the web service's, 10 characters) and strong settings. */
export type GeneratorPresets = Model<generator.Presets>;
export type GeneratedPassword = generator.Result;

/** Look and language preferences (stored by the Go side; no session needed). */
export type Appearance = Model<settings.Appearance, { theme: ThemeChoice; language: LanguageChoice }>;

/** A profile field changed both here and on the server since the last sync. */
export type SyncConflict = syncer.Conflict;

/**
 * Everything the UI shows about sync with the web service: pending counts
 * local changes not yet on the server; error is a permanent refusal by the
 * server, kept until a change goes through; problems are parts that failed
 * while the rest synced (Sync now retries them).
 */
export type SyncStatus = Model<
  syncer.Status,
  {
    state: SyncState;
    last_synced_at: string | null;
    next_retry_at: string | null;
    error: AppError | null;
    problems: SyncProblem[];
    transfer: SyncTransfer | null;
  }
>;

/** A part of sync that failed while the rest went through, e.g. the server's picture (avatar_download). */
export type SyncProblem = Model<syncer.Problem, { error: AppError }>;

/** A picture transfer under way for more than a second; total is 0 when unknown (bytes). */
export type SyncTransfer = Model<syncer.Transfer, { part: 'avatar_download' | 'avatar_upload' }>;

export type LinkMode = 'signin' | 'signup';

/** username is for sign-up only; the local username when empty. */
export type LinkInput = Model<syncer.LinkInput, { mode: LinkMode }>;

/** The event the Go side emits whenever the sync status changes. */
export const SYNC_STATUS_EVENT = 'sync:status';

/** The event the Go side emits when the idle auto-lock ends the session. */
export const SESSION_LOCKED_EVENT = 'session:locked';

const readProfile = object<Profile>({
  id: integer,
  // Every editable field is text; Go sends number_phone as a pointer.
  ...each(EDITABLE_FIELDS, text),
  number_phone: orNull(text),
  avatar: orNull(text),
  date_joined: text,
  updated_at: text,
});
const readSettings = object<Settings>({ idle_lock_minutes: integer });
const readSummary = object<SavedPasswordSummary>({
  id: integer,
  name_pages: text,
  url: text,
  username: text,
  updated_at: text,
  damaged: omitted(flag),
});
const readPage = object<SavedPasswordPage>({ items: list(readSummary), total: integer, generation: integer });
const readOptions = object<GeneratorOptions>({
  length: integer,
  lower: flag,
  upper: flag,
  digits: flag,
  symbols: flag,
  exclude_lookalikes: flag,
});
const readPresets = object<GeneratorPresets>({ standard: readOptions, strong: readOptions });
const readGenerated = object<GeneratedPassword>({ password: text, entropy_bits: number });
const readAppearance = object<Appearance>({ theme: oneOf(THEME_CHOICES), language: oneOf(LANGUAGE_CHOICES) });

/** A message parameter: Go's `any`, of which the backend sends text and numbers. */
const readParam: Reader<string | number> = (value, path) => {
  if (typeof value === 'number') return number(value, path);
  if (typeof value === 'string') return value;
  throw new WireError(path, 'a string or a number', value);
};
const readMessage = object<apperr.PublicMessage>({ key: text, params: omitted(record(readParam)) });
/** apperr.Public, the error shape a sync status carries. */
const readPublicError = object<Model<apperr.Public, { code: ErrorCode }>>({
  code: oneOf(ERROR_CODES),
  key: text,
  params: omitted(record(readParam)),
  fields: omitted(record(readMessage)),
});
const readSyncStatus = object<SyncStatus>({
  state: oneOf(SYNC_STATES),
  server_url: text,
  remote_username: text,
  remote_email: text,
  pending: integer,
  conflicts: list(object<SyncConflict>({ field: text, mine: text, server: text })),
  last_synced_at: orNull(text),
  next_retry_at: orNull(text),
  error: orNull((value, path) => toAppError(readPublicError(value, path))),
  problems: list(
    object<SyncProblem>({ part: text, error: (value, path) => toAppError(readPublicError(value, path)) }),
  ),
  transfer: orNull(
    object<SyncTransfer>({ part: oneOf(['avatar_download', 'avatar_upload'] as const), done: integer, total: integer }),
  ),
});

/**
 * Reads what the bound method returned with read. A result not of the shape
 * Go's type promises (a field missing, renamed or of another type) is an
 * internal AppError, and what was wrong goes to the console.
 */
function checked<T>(method: string, read: Reader<T>, raw: unknown): T {
  try {
    return read(raw, method);
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    console.error(`PassDesk: ${method} answered in a shape the UI does not know: ${error.message}`);
    throw new AppError('internal', GENERIC_ERROR, {}, { cause: error });
  }
}

/** Calls a bound method (see call) and reads its result strictly (see checked). */
async function result<T>(method: string, read: Reader<T>, invoke: () => Promise<unknown>): Promise<T> {
  return checked(method, read, await call(invoke));
}

export function signUp(input: SignUpInput): Promise<Profile> {
  return result('SignUp', readProfile, () => Backend.SignUp({ ...input }));
}

export function signIn(input: SignInInput): Promise<Profile> {
  return result('SignIn', readProfile, () => Backend.SignIn({ ...input }));
}

export function signOut(): Promise<void> {
  return call(() => Backend.SignOut());
}

/** Tells the backend the user is active, so the idle auto-lock does not fire. */
export function reportActivity(): Promise<void> {
  return call(() => Backend.ReportActivity());
}

/** Rejects with code "unauthenticated" when nobody is signed in. */
export function getProfile(): Promise<Profile> {
  return result('GetProfile', readProfile, () => Backend.GetProfile());
}

/** Sends only the fields present in patch (undefined entries are dropped). */
export function updateProfile(patch: ProfilePatch): Promise<Profile> {
  const body: ProfilePatch = {};
  for (const field of EDITABLE_FIELDS) {
    const value = patch[field];
    if (value !== undefined) body[field] = value;
  }
  return result('UpdateProfile', readProfile, () => Backend.UpdateProfile(body));
}

/**
 * Stores a new profile picture: its bytes as standard base64 (no "data:"
 * prefix). The Go side decides the format by content and enforces every
 * limit; a refusal is code "invalid" with the reason in fields.avatar, and
 * the old picture stays.
 */
export function setAvatar(base64Picture: string): Promise<Profile> {
  return result('SetAvatar', readProfile, () => Backend.SetAvatar(base64Picture));
}

/** Removes the profile picture; the returned profile has avatar null. */
export function removeAvatar(): Promise<Profile> {
  return result('RemoveAvatar', readProfile, () => Backend.RemoveAvatar());
}

/** Deletes the local account; with deleteRemote, the linked server account first. */
export function deleteAccount(password: string, deleteRemote = false): Promise<void> {
  return call(() => Backend.DeleteAccount(password, deleteRemote));
}

export function getSettings(): Promise<Settings> {
  return result('GetSettings', readSettings, () => Backend.GetSettings());
}

export function updateSettings(settings: Settings): Promise<Settings> {
  return result('UpdateSettings', readSettings, () => Backend.UpdateSettings({ idle_lock_minutes: settings.idle_lock_minutes }));
}

/** Changes the account password; field errors on current_password and new_password. */
export function changePassword(current: string, next: string): Promise<void> {
  return call(() => Backend.ChangePassword(current, next));
}

/** Up to limit of the entries whose name, URL or username contains query (any case), sorted by name, from the offset-th on. */
export function listSavedPasswords(query: string, offset: number, limit: number): Promise<SavedPasswordPage> {
  return result('ListSavedPasswords', readPage, () => Backend.ListSavedPasswords(query, offset, limit));
}

export function addSavedPassword(input: SavedPasswordInput): Promise<SavedPasswordSummary> {
  const { name_pages, url, username, password_saved } = input;
  return result('AddSavedPassword', readSummary, () => Backend.AddSavedPassword({ name_pages, url, username, password_saved }));
}

/** Replaces the entry's name, URL, username and password. */
export function updateSavedPassword(id: number, input: SavedPasswordInput): Promise<SavedPasswordSummary> {
  const { name_pages, url, username, password_saved } = input;
  return result('UpdateSavedPassword', readSummary, () => Backend.UpdateSavedPassword(id, { name_pages, url, username, password_saved }));
}

export function deleteSavedPassword(id: number): Promise<void> {
  return call(() => Backend.DeleteSavedPassword(id));
}

/** The entry's password, for showing it or editing it. */
export function revealSavedPassword(id: number): Promise<string> {
  return result('RevealSavedPassword', text, () => Backend.RevealSavedPassword(id));
}

/** Go puts the password on the system clipboard and clears it after 30 s unless it changed. */
export function copySavedPassword(id: number): Promise<void> {
  return call(() => Backend.CopySavedPassword(id));
}

export function generatorPresets(): Promise<GeneratorPresets> {
  return result('GeneratorPresets', readPresets, () => Backend.GeneratorPresets());
}

/** Rejects with code "invalid" and field errors on "length" or "classes". */
export function generatePassword(options: GeneratorOptions): Promise<GeneratedPassword> {
  // Reading the options sends exactly their fields, whatever else the object holds.
  return result('GeneratePassword', readGenerated, () => Backend.GeneratePassword(readOptions(options, 'options')));
}

export function getAppearance(): Promise<Appearance> {
  return result('GetAppearance', readAppearance, () => Backend.GetAppearance());
}

export function setAppearance(appearance: Appearance): Promise<Appearance> {
  return result('SetAppearance', readAppearance, () => Backend.SetAppearance(appearance));
}

/** Shows the data folder in the system's file manager. */
export function openDataFolder(): Promise<void> {
  return call(() => Backend.OpenDataFolder());
}

/** Shows the log folder in the system's file manager. */
export function openLogs(): Promise<void> {
  return call(() => Backend.OpenLogs());
}

/** Copies the support report (nothing personal) to the clipboard and returns it. */
export function copyDiagnostics(): Promise<string> {
  return result('CopyDiagnostics', text, () => Backend.CopyDiagnostics());
}

export function getSyncStatus(): Promise<SyncStatus> {
  return result('GetSyncStatus', readSyncStatus, () => Backend.GetSyncStatus());
}

/** Links this account to one on a server (signing in, or creating it). */
export function linkRemote(input: LinkInput): Promise<SyncStatus> {
  return result('LinkRemote', readSyncStatus, () => Backend.LinkRemote(input));
}

export function unlinkRemote(): Promise<SyncStatus> {
  return result('UnlinkRemote', readSyncStatus, () => Backend.UnlinkRemote());
}

/** Asks for a sync at once; progress arrives through onSyncStatus. */
export function syncNow(): Promise<SyncStatus> {
  return result('SyncNow', readSyncStatus, () => Backend.SyncNow());
}

export function resolveSyncConflict(field: string, keep: 'mine' | 'server'): Promise<SyncStatus> {
  return result('ResolveSyncConflict', readSyncStatus, () => Backend.ResolveSyncConflict(field, keep));
}

export function signInRemoteAgain(password: string): Promise<SyncStatus> {
  return result('SignInRemoteAgain', readSyncStatus, () => Backend.SignInRemoteAgain(password));
}

/** One field of a saved password changed both here and on the server; passwords are never shown (both empty). */
export type VaultFieldConflict = vaultsync.FieldConflict;

/** A saved password changed both here and on the server since the last sync (name_pages: this computer's name). */
export type VaultSyncConflict = Model<vaultsync.EntryConflict>;

/**
 * Saved-password sync (a separate opt-in: the service stores them
 * unencrypted): pending counts local changes not yet on the server, refused
 * the entries whose change the server refused (editing one sends it again),
 * failed that the server refused the last round for good.
 */
export type VaultSyncReport = Model<vaultsync.Report, { last_synced_at: string | null; conflicts: VaultSyncConflict[] }>;

export type VaultKeep = 'mine' | 'server' | 'both';

const readVaultSyncReport = object<VaultSyncReport>({
  enabled: flag,
  pending: integer,
  refused: integer,
  failed: flag,
  conflicts: list(
    object<VaultSyncConflict>({
      entry_id: integer,
      name_pages: text,
      fields: list(object<VaultFieldConflict>({ field: text, mine: text, server: text })),
    }),
  ),
  last_synced_at: orNull(text),
});

export function getVaultSyncStatus(): Promise<VaultSyncReport> {
  return result('GetVaultSyncStatus', readVaultSyncReport, () => Backend.GetVaultSyncStatus());
}

/** Turns saved-password sync on (the server's entries are imported before it answers) or off (entries stay). */
export function setVaultSync(on: boolean): Promise<VaultSyncReport> {
  return result('SetVaultSync', readVaultSyncReport, () => Backend.SetVaultSync(on));
}

export function resolveVaultSyncConflict(entryId: number, keep: VaultKeep): Promise<VaultSyncReport> {
  return result('ResolveVaultSyncConflict', readVaultSyncReport, () => Backend.ResolveVaultSyncConflict(entryId, keep));
}

/**
 * Calls callback with every new sync status; returns the unsubscribe
 * function. A status not of Go's shape is logged (see checked) and skipped.
 */
export function onSyncStatus(callback: (status: SyncStatus) => void): () => void {
  return subscribe(SYNC_STATUS_EVENT, (raw) => {
    let status: SyncStatus;
    try {
      status = checked(SYNC_STATUS_EVENT, readSyncStatus, raw);
    } catch {
      return;
    }
    callback(status);
  });
}

function subscribe(event: string, callback: (data: unknown) => void): () => void {
  try {
    const off = EventsOn(event, (data: unknown) => callback(data));
    return typeof off === 'function' ? off : () => {};
  } catch {
    return () => {};
  }
}

/**
 * Calls callback whenever the signed-in session ends without the user
 * asking: the idle auto-lock fired (the Go side's session:locked event), or
 * any call was rejected as "unauthenticated" (the session expired, was
 * revoked or locked before its event arrived). Returns the unsubscribe
 * function. Outside the Wails webview (no runtime) only the second applies.
 */
export function onSessionEnded(callback: () => void): () => void {
  const offLocked = subscribe(SESSION_LOCKED_EVENT, () => callback());
  const offCalls = onUnauthenticatedCall(callback);
  return () => {
    offLocked();
    offCalls();
  };
}
