import { useCallback, useEffect, useRef, useState } from 'react';
import {
  AppError,
  getProfile,
  onSessionEnded,
  signIn as apiSignIn,
  signOut as apiSignOut,
  signUp as apiSignUp,
  toAppError,
  type Profile,
  type SignInInput,
  type SignUpInput,
} from '../api/client';

/** Why the sign-in screen is shown, when there is something to say about it. */
export type AuthNotice = 'locked' | 'deleted' | 'signedOut';

export type SessionState =
  | { status: 'loading' }
  | { status: 'failed'; error: AppError }
  | { status: 'signedOut'; notice: AuthNotice | null }
  | { status: 'signedIn'; profile: Profile };

export interface SessionCallbacks {
  /** Called with the user whose session ended without their asking (auto-lock, expired or revoked). */
  onLocked?: (profile: Profile) => void;
  /** Called when somebody signs in or signs up, before the profile is shown. */
  onSignedIn?: (profile: Profile) => void;
  /** Called when the user leaves on purpose (sign out, account deleted). */
  onLeft?: () => void;
}

export interface Session {
  state: SessionState;
  /** Start-up again after a failed start. */
  retry: () => void;
  /** Rejects with AppError; the form shows it. */
  signIn: (input: SignInInput) => Promise<void>;
  signUp: (input: SignUpInput) => Promise<void>;
  signOut: () => Promise<void>;
  /** The account is gone: back to sign-in with a notice. */
  accountDeleted: () => void;
  /** Replaces (or updates) the displayed profile of the signed-in user. */
  setProfile: (update: Profile | ((current: Profile) => Profile)) => void;
}

/**
 * The session's state machine: start-up (is somebody signed in?), sign-in,
 * sign-up, sign-out, deletion, and the end of a session the user did not
 * ask for. While signed in it listens to the API module's onSessionEnded
 * (the auto-lock, or any call rejected as "unauthenticated"), and goes back
 * to sign-in with the "locked" notice; nothing else needs to report it.
 */
export function useSessionState(callbacks: SessionCallbacks = {}): Session {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;

  useEffect(() => {
    let cancelled = false;
    getProfile().then(
      (profile) => {
        if (!cancelled) setState({ status: 'signedIn', profile });
      },
      (reason: unknown) => {
        if (cancelled) return;
        const error = toAppError(reason);
        setState(
          error.code === 'unauthenticated' || error.code === 'not_found'
            ? { status: 'signedOut', notice: null }
            : { status: 'failed', error },
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const lock = useCallback(() => {
    const current = stateRef.current;
    if (current.status !== 'signedIn') return;
    callbacksRef.current.onLocked?.(current.profile);
    const next: SessionState = { status: 'signedOut', notice: 'locked' };
    stateRef.current = next;
    setState(next);
  }, []);

  const signedIn = state.status === 'signedIn';
  useEffect(() => (signedIn ? onSessionEnded(lock) : undefined), [signedIn, lock]);

  const enter = useCallback((profile: Profile) => {
    callbacksRef.current.onSignedIn?.(profile);
    setState({ status: 'signedIn', profile });
  }, []);

  const leave = useCallback((notice: AuthNotice) => {
    callbacksRef.current.onLeft?.();
    setState({ status: 'signedOut', notice });
  }, []);

  const signIn = useCallback(async (input: SignInInput) => enter(await apiSignIn(input)), [enter]);
  const signUp = useCallback(async (input: SignUpInput) => enter(await apiSignUp(input)), [enter]);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } catch {
      // The session is gone either way as far as this window is concerned.
    }
    leave('signedOut');
  }, [leave]);

  const accountDeleted = useCallback(() => leave('deleted'), [leave]);

  const setProfile = useCallback((update: Profile | ((current: Profile) => Profile)) => {
    setState((current) => {
      if (current.status !== 'signedIn') return current;
      const profile = typeof update === 'function' ? update(current.profile) : update;
      return profile.id === current.profile.id ? { status: 'signedIn', profile } : current;
    });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return { state, retry, signIn, signUp, signOut, accountDeleted, setProfile };
}
