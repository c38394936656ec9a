/**
 * The few values the UI shares with Go that are not types: profile field
 * names and the choices of some string fields. client.ts re-exports them;
 * this file imports nothing from wailsjs, so the test stand-in of the client
 * (src/test/apiMock.ts) re-exports the same ones.
 */
import type { Profile } from './client';

/**
 * The profile's editable fields (Go: backend/profilefield.All, in its order;
 * the contract test checks they are the same).
 */
export const EDITABLE_FIELDS = ['username', 'email', 'first_name', 'last_name', 'number_phone'] as const satisfies readonly (keyof Profile)[];
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** settings.Appearance's choices (Go: backend/settings/appearance.go). */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export const LANGUAGE_CHOICES = ['system', 'en', 'es'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** syncer.State's values (Go: backend/syncer/status.go). */
export const SYNC_STATES = ['off', 'saved_locally', 'syncing', 'synced', 'offline', 'conflict', 'needs_signin', 'error'] as const;
export type SyncState = (typeof SYNC_STATES)[number];
