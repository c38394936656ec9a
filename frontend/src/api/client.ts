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

export function deleteAccount(password: string): Promise<void> {
  return call(() => Backend.DeleteAccount(password));
}

export async function getSettings(): Promise<Settings> {
  const raw = await call(() => Backend.GetSettings());
  return { idle_lock_minutes: Number(raw.idle_lock_minutes) };
}

export async function updateSettings(settings: Settings): Promise<Settings> {
  const raw = await call(() => Backend.UpdateSettings({ idle_lock_minutes: settings.idle_lock_minutes }));
  return { idle_lock_minutes: Number(raw.idle_lock_minutes) };
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
