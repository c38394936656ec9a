/**
 * The PassDesk backend as the UI sees it. This is the ONLY module that imports
 * from wailsjs (generated bindings and runtime events): components and hooks
 * import from here, and tests mock this module.
 */
import * as Backend from '../../wailsjs/go/main/App';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call, onUnauthenticatedCall } from './call';
import { AppError, GENERIC_ERROR, toAppError } from './errors';

export { AppError, toAppError, GENERIC_ERROR } from './errors';
export type { BackendMessage, ErrorCode, FieldErrors } from './errors';

/** The signed-in user's profile. */
export interface Profile {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  number_phone: string | null;
  avatar: string | null;
  date_joined: string;
  updated_at: string;
}

export const EDITABLE_FIELDS = ['username', 'email', 'first_name', 'last_name', 'number_phone'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** A partial update: only the fields present change; number_phone "" clears it. */
export type ProfilePatch = Partial<Record<EditableField, string>>;

export interface SignInInput {
  /** Email or username. */
  login: string;
  password: string;
}

export interface SignUpInput {
  username: string;
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  number_phone: string;
}

export interface Settings {
  idle_lock_minutes: number;
}

/** A saved password as the list shows it: never the password itself. */
export interface SavedPasswordSummary {
  id: number;
  name_pages: string;
  url: string;
  updated_at: string;
  /** Its stored record is damaged: it has only its id, and can only be deleted. */
  damaged?: boolean;
}

/** What an add or edit sends: all three fields (an edit replaces them all). */
export interface SavedPasswordInput {
  name_pages: string;
  url: string;
  password_saved: string;
}

export interface GeneratorOptions {
  length: number;
  lower: boolean;
  upper: boolean;
  digits: boolean;
  symbols: boolean;
  exclude_lookalikes: boolean;
}

/** The generator's standard (like the web service's, 10 characters) and strong settings. */
export interface GeneratorPresets {
  standard: GeneratorOptions;
  strong: GeneratorOptions;
}

export interface GeneratedPassword {
  password: string;
  entropy_bits: number;
}

export type ThemeChoice = 'system' | 'light' | 'dark';
export type LanguageChoice = 'system' | 'en' | 'es';

/** Look and language preferences (stored by the Go side; no session needed). */
export interface Appearance {
  theme: ThemeChoice;
  language: LanguageChoice;
}

export type SyncState =
  | 'off'
  | 'saved_locally'
  | 'syncing'
  | 'synced'
  | 'offline'
  | 'conflict'
  | 'needs_signin'
  | 'error';

/** A profile field changed both here and on the server since the last sync. */
export interface SyncConflict {
  field: string;
  mine: string;
  server: string;
}

/** Everything the UI shows about sync with the web service. */
export interface SyncStatus {
  state: SyncState;
  server_url: string;
  remote_username: string;
  remote_email: string;
  /** Local changes not yet on the server. */
  pending: number;
  conflicts: SyncConflict[];
  last_synced_at: string | null;
  next_retry_at: string | null;
  /** A permanent refusal by the server, kept until a change goes through. */
  error: AppError | null;
}

export type LinkMode = 'signin' | 'signup';

export interface LinkInput {
  server_url: string;
  mode: LinkMode;
  email: string;
  password: string;
  /** Sign-up only; the local username when empty. */
  username: string;
}

/** The event the Go side emits whenever the sync status changes. */
export const SYNC_STATUS_EVENT = 'sync:status';

/** The event the Go side emits when the idle auto-lock ends the session. */
export const SESSION_LOCKED_EVENT = 'session:locked';

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function toProfile(raw: unknown): Profile {
  if (typeof raw !== 'object' || raw === null) {
    throw new AppError('internal', GENERIC_ERROR, {}, { cause: raw });
  }
  const p = raw as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    id: typeof p.id === 'number' ? p.id : Number(p.id),
    username: text(p.username),
    email: text(p.email),
    first_name: text(p.first_name),
    last_name: text(p.last_name),
    number_phone: optionalText(p.number_phone),
    avatar: optionalText(p.avatar),
    date_joined: text(p.date_joined),
    updated_at: text(p.updated_at),
  };
}

async function profileCall(invoke: () => Promise<unknown>): Promise<Profile> {
  const raw = await call(invoke);
  return toProfile(raw);
}

export function signUp(input: SignUpInput): Promise<Profile> {
  return profileCall(() => Backend.SignUp({ ...input }));
}

export function signIn(input: SignInInput): Promise<Profile> {
  return profileCall(() => Backend.SignIn({ ...input }));
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
  return profileCall(() => Backend.GetProfile());
}

/** Sends only the fields present in patch (undefined entries are dropped). */
export function updateProfile(patch: ProfilePatch): Promise<Profile> {
  const body: ProfilePatch = {};
  for (const field of EDITABLE_FIELDS) {
    const value = patch[field];
    if (value !== undefined) body[field] = value;
  }
  return profileCall(() => Backend.UpdateProfile(body));
}

/**
 * Stores a new profile picture: its bytes as standard base64 (no "data:"
 * prefix). The Go side decides the format by content and enforces every
 * limit; a refusal is code "invalid" with the reason in fields.avatar, and
 * the old picture stays.
 */
export function setAvatar(base64Picture: string): Promise<Profile> {
  return profileCall(() => Backend.SetAvatar(base64Picture));
}

/** Removes the profile picture; the returned profile has avatar null. */
export function removeAvatar(): Promise<Profile> {
  return profileCall(() => Backend.RemoveAvatar());
}

/** Deletes the local account; with deleteRemote, the linked server account first. */
export function deleteAccount(password: string, deleteRemote = false): Promise<void> {
  return call(() => Backend.DeleteAccount(password, deleteRemote));
}

export async function getSettings(): Promise<Settings> {
  const raw = await call(() => Backend.GetSettings());
  return { idle_lock_minutes: Number(raw.idle_lock_minutes) };
}

export async function updateSettings(settings: Settings): Promise<Settings> {
  const raw = await call(() => Backend.UpdateSettings({ idle_lock_minutes: settings.idle_lock_minutes }));
  return { idle_lock_minutes: Number(raw.idle_lock_minutes) };
}

/** Changes the account password; field errors on current_password and new_password. */
export function changePassword(current: string, next: string): Promise<void> {
  return call(() => Backend.ChangePassword(current, next));
}

function toSummary(raw: unknown): SavedPasswordSummary {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    id: typeof s.id === 'number' ? s.id : Number(s.id),
    name_pages: text(s.name_pages),
    url: text(s.url),
    updated_at: text(s.updated_at),
    ...(s.damaged === true ? { damaged: true } : {}),
  };
}

/** The entries whose name or URL contains query (any case), sorted by name. */
export async function listSavedPasswords(query: string): Promise<SavedPasswordSummary[]> {
  const raw: unknown = await call(() => Backend.ListSavedPasswords(query));
  return Array.isArray(raw) ? raw.map(toSummary) : [];
}

export async function addSavedPassword(input: SavedPasswordInput): Promise<SavedPasswordSummary> {
  const { name_pages, url, password_saved } = input;
  return toSummary(await call(() => Backend.AddSavedPassword({ name_pages, url, password_saved })));
}

/** Replaces the entry's name, URL and password. */
export async function updateSavedPassword(id: number, input: SavedPasswordInput): Promise<SavedPasswordSummary> {
  const { name_pages, url, password_saved } = input;
  return toSummary(await call(() => Backend.UpdateSavedPassword(id, { name_pages, url, password_saved })));
}

export function deleteSavedPassword(id: number): Promise<void> {
  return call(() => Backend.DeleteSavedPassword(id));
}

/** The entry's password, for showing it or editing it. */
export function revealSavedPassword(id: number): Promise<string> {
  return call(() => Backend.RevealSavedPassword(id));
}

/** Go puts the password on the system clipboard and clears it after 30 s unless it changed. */
export function copySavedPassword(id: number): Promise<void> {
  return call(() => Backend.CopySavedPassword(id));
}

function toOptions(raw: GeneratorOptions): GeneratorOptions {
  return {
    length: Number(raw.length),
    lower: Boolean(raw.lower),
    upper: Boolean(raw.upper),
    digits: Boolean(raw.digits),
    symbols: Boolean(raw.symbols),
    exclude_lookalikes: Boolean(raw.exclude_lookalikes),
  };
}

export async function generatorPresets(): Promise<GeneratorPresets> {
  const raw = await call(() => Backend.GeneratorPresets());
  return { standard: toOptions(raw.standard), strong: toOptions(raw.strong) };
}

/** Rejects with code "invalid" and field errors on "length" or "classes". */
export async function generatePassword(options: GeneratorOptions): Promise<GeneratedPassword> {
  const raw = await call(() => Backend.GeneratePassword(toOptions(options)));
  return { password: raw.password, entropy_bits: Number(raw.entropy_bits) };
}

function toAppearance(raw: unknown): Appearance {
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const theme: ThemeChoice = a.theme === 'light' || a.theme === 'dark' ? a.theme : 'system';
  const language: LanguageChoice = a.language === 'en' || a.language === 'es' ? a.language : 'system';
  return { theme, language };
}

export async function getAppearance(): Promise<Appearance> {
  return toAppearance(await call(() => Backend.GetAppearance()));
}

export async function setAppearance(appearance: Appearance): Promise<Appearance> {
  return toAppearance(await call(() => Backend.SetAppearance(appearance)));
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
  return call(() => Backend.CopyDiagnostics());
}

const SYNC_STATES: readonly SyncState[] = ['off', 'saved_locally', 'syncing', 'synced', 'offline', 'conflict', 'needs_signin', 'error'];

/** Reads a status from the Go side defensively (null fields, unknown states). */
export function toSyncStatus(raw: unknown): SyncStatus {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const state = SYNC_STATES.find((known) => known === s.state) ?? 'off';
  const conflicts = Array.isArray(s.conflicts)
    ? s.conflicts.map((c: Record<string, unknown>) => ({ field: text(c.field), mine: text(c.mine), server: text(c.server) }))
    : [];
  return {
    state,
    server_url: text(s.server_url),
    remote_username: text(s.remote_username),
    remote_email: text(s.remote_email),
    pending: typeof s.pending === 'number' ? s.pending : 0,
    conflicts,
    last_synced_at: optionalText(s.last_synced_at),
    next_retry_at: optionalText(s.next_retry_at),
    error: s.error ? toAppError(s.error) : null,
  };
}

async function syncCall(invoke: () => Promise<unknown>): Promise<SyncStatus> {
  return toSyncStatus(await call(invoke));
}

export function getSyncStatus(): Promise<SyncStatus> {
  return syncCall(() => Backend.GetSyncStatus());
}

/** Links this account to one on a server (signing in, or creating it). */
export function linkRemote(input: LinkInput): Promise<SyncStatus> {
  return syncCall(() => Backend.LinkRemote(input));
}

export function unlinkRemote(): Promise<SyncStatus> {
  return syncCall(() => Backend.UnlinkRemote());
}

/** Asks for a sync at once; progress arrives through onSyncStatus. */
export function syncNow(): Promise<SyncStatus> {
  return syncCall(() => Backend.SyncNow());
}

export function resolveSyncConflict(field: string, keep: 'mine' | 'server'): Promise<SyncStatus> {
  return syncCall(() => Backend.ResolveSyncConflict(field, keep));
}

export function signInRemoteAgain(password: string): Promise<SyncStatus> {
  return syncCall(() => Backend.SignInRemoteAgain(password));
}

/** One field of a saved password changed both here and on the server; passwords are never shown (both empty). */
export interface VaultFieldConflict {
  field: string;
  mine: string;
  server: string;
}

/** A saved password changed both here and on the server since the last sync. */
export interface VaultSyncConflict {
  entry_id: number;
  /** This computer's name of the entry. */
  name_pages: string;
  fields: VaultFieldConflict[];
}

/** Saved-password sync (a separate opt-in: the service stores them unencrypted). */
export interface VaultSyncReport {
  enabled: boolean;
  /** Local changes not yet on the server. */
  pending: number;
  /** Entries whose change the server refused; editing one sends it again. */
  refused: number;
  /** The server refused the last round for good (it may not offer saved passwords); retried at each sync. */
  failed: boolean;
  conflicts: VaultSyncConflict[];
  last_synced_at: string | null;
}

export type VaultKeep = 'mine' | 'server' | 'both';

/** Reads a saved-password sync report from the Go side defensively. */
export function toVaultSyncReport(raw: unknown): VaultSyncReport {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const count = (v: unknown) => (typeof v === 'number' ? v : 0);
  const conflicts = Array.isArray(r.conflicts)
    ? r.conflicts.map((c: Record<string, unknown>) => ({
        entry_id: count(c.entry_id),
        name_pages: text(c.name_pages),
        fields: Array.isArray(c.fields)
          ? c.fields.map((f: Record<string, unknown>) => ({ field: text(f.field), mine: text(f.mine), server: text(f.server) }))
          : [],
      }))
    : [];
  return {
    enabled: r.enabled === true,
    pending: count(r.pending),
    refused: count(r.refused),
    failed: r.failed === true,
    conflicts,
    last_synced_at: optionalText(r.last_synced_at),
  };
}

async function vaultSyncCall(invoke: () => Promise<unknown>): Promise<VaultSyncReport> {
  return toVaultSyncReport(await call(invoke));
}

export function getVaultSyncStatus(): Promise<VaultSyncReport> {
  return vaultSyncCall(() => Backend.GetVaultSyncStatus());
}

/** Turns saved-password sync on (the server's entries are imported before it answers) or off (entries stay). */
export function setVaultSync(on: boolean): Promise<VaultSyncReport> {
  return vaultSyncCall(() => Backend.SetVaultSync(on));
}

export function resolveVaultSyncConflict(entryId: number, keep: VaultKeep): Promise<VaultSyncReport> {
  return vaultSyncCall(() => Backend.ResolveVaultSyncConflict(entryId, keep));
}

/** Calls callback with every new sync status; returns the unsubscribe function. */
export function onSyncStatus(callback: (status: SyncStatus) => void): () => void {
  return subscribe(SYNC_STATUS_EVENT, (raw) => callback(toSyncStatus(raw)));
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
