/**
 * A stand-in for src/api/client.ts in component tests:
 *   vi.mock('../api/client', () => import('../test/apiMock'));
 * Error helpers (AppError, toAppError) are the real ones; every backend call is a vi.fn().
 */
import { vi } from 'vitest';
import type * as Client from '../api/client';
import type { Profile } from '../api/client';
import { AppError as RealAppError } from '../api/errors';

export { AppError, toAppError, GENERIC_ERROR_MESSAGE } from '../api/errors';
export type { Profile, ProfilePatch, Settings, SignInInput, SignUpInput } from '../api/client';
export const EDITABLE_FIELDS = ['username', 'email', 'first_name', 'last_name', 'number_phone'] as const;
export const SESSION_LOCKED_EVENT = 'session:locked';

export const signUp = vi.fn<typeof Client.signUp>();
export const signIn = vi.fn<typeof Client.signIn>();
export const signOut = vi.fn<typeof Client.signOut>();
export const reportActivity = vi.fn<typeof Client.reportActivity>();
export const getProfile = vi.fn<typeof Client.getProfile>();
export const updateProfile = vi.fn<typeof Client.updateProfile>();
export const deleteAccount = vi.fn<typeof Client.deleteAccount>();
export const getSettings = vi.fn<typeof Client.getSettings>();
export const updateSettings = vi.fn<typeof Client.updateSettings>();

const lockListeners = new Set<() => void>();
export const onSessionLocked = vi.fn<typeof Client.onSessionLocked>((callback) => {
  lockListeners.add(callback);
  return () => {
    lockListeners.delete(callback);
  };
});

/** What the Go side does when the idle auto-lock fires. */
export function emitSessionLocked(): void {
  for (const listener of [...lockListeners]) listener();
}

export function lockListenerCount(): number {
  return lockListeners.size;
}

export const aliceProfile: Profile = {
  id: 1,
  username: 'alice',
  email: 'alice@example.com',
  first_name: 'Alice',
  last_name: 'Liddell',
  number_phone: '5551234',
  avatar: null,
  date_joined: '2024-03-01T10:00:00Z',
  updated_at: '2024-03-01T10:00:00Z',
};

export const bobProfile: Profile = {
  id: 2,
  username: 'bob',
  email: 'bob@example.com',
  first_name: '',
  last_name: '',
  number_phone: null,
  avatar: null,
  date_joined: '2024-04-01T10:00:00Z',
  updated_at: '2024-04-01T10:00:00Z',
};

/** Resets every mock to a signed-out backend with default settings. */
export function resetApiMock(): void {
  lockListeners.clear();
  for (const fn of [signUp, signIn, signOut, reportActivity, getProfile, updateProfile, deleteAccount, getSettings, updateSettings]) {
    fn.mockReset();
  }
  onSessionLocked.mockClear();
  getProfile.mockRejectedValue(new RealAppError('unauthenticated', 'Please sign in.'));
  getSettings.mockResolvedValue({ idle_lock_minutes: 15 });
  updateSettings.mockImplementation(async (s) => s);
  signOut.mockResolvedValue(undefined);
  reportActivity.mockResolvedValue(undefined);
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
