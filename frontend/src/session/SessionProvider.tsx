import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Profile } from '../api/client';
import { LeaveGuardHost, type LeaveGuard } from '../navigation/guard';
import type { ProfileDraft } from '../profile/draft';
import { useSyncStatus, type SyncStore } from '../sync/useSyncStatus';
import { useSessionState, type Session } from './sessionState';
import { useIdleActivity } from './useIdleActivity';
import { useKeptDraft } from './useKeptDraft';

/** An unsaved profile edit and its way across an auto-lock. */
export interface ProfileDraftKeeper {
  /** The edit kept from this user's last session, given back once at sign-in (null otherwise). */
  restored: ProfileDraft | null;
  /** A draft waits for its user to sign in again (the sign-in screen says so). */
  kept: boolean;
  /** The edit form (or a pending save) reports its current input; null when there is none. */
  report: (draft: ProfileDraft | null) => void;
}

/** Everything the app knows about who is signed in: the session, its profile, its sync status. */
export interface SessionHome extends Session {
  /** The signed-in user's sync status: one store for the header and the settings. */
  sync: SyncStore;
  draft: ProfileDraftKeeper;
}

const SessionContext = createContext<SessionHome | null>(null);

export interface SessionProviderProps {
  children: ReactNode;
  /** Somebody signed in or signed up, before their profile is shown. */
  onSignedIn?: (profile: Profile) => void;
}

/**
 * The one home of the session, the signed-in profile and the sync status.
 * The session ends (back to sign-in) on sign-out, deletion, the auto-lock
 * or any call rejected as "unauthenticated" (see sessionState.ts); an open
 * profile edit is kept across the two last and given back to the same user.
 * While signed in it reports the user's activity to the idle auto-lock.
 * It hosts the leave guard: signing out with unsaved changes asks first
 * (the auto-lock does not ask: it keeps the draft instead).
 */
export function SessionProvider({ children, onSignedIn }: SessionProviderProps) {
  return (
    <LeaveGuardHost>
      {(guard) => (
        <SessionHomeProvider guard={guard} onSignedIn={onSignedIn}>
          {children}
        </SessionHomeProvider>
      )}
    </LeaveGuardHost>
  );
}

function SessionHomeProvider({ children, onSignedIn, guard }: SessionProviderProps & { guard: LeaveGuard }) {
  const drafts = useKeptDraft();
  const [restored, setRestored] = useState<ProfileDraft | null>(null);
  const session = useSessionState({
    onLocked: (profile) => drafts.keepFor(profile.id),
    onSignedIn: (profile) => {
      setRestored(drafts.claim(profile.id));
      onSignedIn?.(profile);
    },
    onLeft: () => drafts.discard(),
  });
  const { state, retry, signIn, signUp, accountDeleted, setProfile } = session;
  const endSession = session.signOut;
  const { confirmLeave } = guard;
  const signOut = useCallback(async () => {
    if (await confirmLeave()) await endSession();
  }, [confirmLeave, endSession]);
  const signedIn = state.status === 'signedIn' ? state.profile : null;
  useIdleActivity(signedIn !== null);
  const sync = useSyncStatus(signedIn?.id ?? null);
  const { report, hasKeptDraft } = drafts;

  const value = useMemo<SessionHome>(
    () => ({
      state, retry, signIn, signUp, signOut, accountDeleted, setProfile, sync,
      draft: { restored, kept: hasKeptDraft, report },
    }),
    [state, retry, signIn, signUp, signOut, accountDeleted, setProfile, sync, restored, hasKeptDraft, report],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session home; only inside SessionProvider. */
export function useSession(): SessionHome {
  const home = useContext(SessionContext);
  if (!home) throw new Error('useSession: not inside a SessionProvider');
  return home;
}

/** The signed-in user's profile and how to change it; only on signed-in screens. */
export function useSignedIn(): { profile: Profile; setProfile: Session['setProfile'] } {
  const { state, setProfile } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn: nobody is signed in');
  return { profile: state.profile, setProfile };
}

/** The signed-in user's sync status (the one store the header and the settings share). */
export function useSync(): SyncStore {
  return useSession().sync;
}
