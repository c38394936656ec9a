/**
 * The PassDesk backend as the UI sees it. This is the ONLY module that imports
 * from wailsjs (generated bindings and runtime events): components and hooks
 * import from here, and tests mock this module.
 */
import * as Backend from '../../wailsjs/go/main/App';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { AppError, toAppError } from './errors';

export { AppError, toAppError, GENERIC_ERROR_MESSAGE } from './errors';
export type { ErrorCode, FieldErrors } from './errors';

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

/** The event the Go side emits when the idle auto-lock ends the session. */
export const SESSION_LOCKED_EVENT = 'session:locked';

async function call<T>(invoke: () => Promise<T>): Promise<T> {
  try {
    return await invoke();
  } catch (reason) {
    throw toAppError(reason);
  }
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function toProfile(raw: unknown): Profile {
  if (typeof raw !== 'object' || raw === null) {
    throw new AppError('internal', 'Something went wrong. Please try again.', {}, { cause: raw });
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

/**
 * Calls callback whenever the idle auto-lock ends the session. Returns the
 * unsubscribe function. Outside the Wails webview (no runtime) it does nothing.
 */
export function onSessionLocked(callback: () => void): () => void {
  try {
    const off = EventsOn(SESSION_LOCKED_EVENT, () => callback());
    return typeof off === 'function' ? off : () => {};
  } catch {
    return () => {};
  }
}
