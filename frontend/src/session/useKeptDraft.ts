import { useCallback, useRef, useState } from 'react';
import type { ProfileDraft } from '../profile/draft';

export interface KeptDraft {
  /** The edit form (or a pending save) reports its current input here; null when there is none. */
  report: (draft: ProfileDraft | null) => void;
  /** The session of userId ended without the user's consent: keep the open draft, if any. */
  keepFor: (userId: number) => void;
  /** Somebody signed in: their kept draft (if it is theirs); any draft is dropped from the keeper. */
  claim: (userId: number) => ProfileDraft | null;
  /** Drop any draft (the user signed out or deleted the account on purpose). */
  discard: () => void;
  /** Whether a draft is waiting for its user to sign in again. */
  hasKeptDraft: boolean;
}

/**
 * Keeps an unsaved profile edit in memory, above the auth screens, across an
 * auto-lock, and gives it back only to the same user.
 */
export function useKeptDraft(): KeptDraft {
  const live = useRef<ProfileDraft | null>(null);
  const kept = useRef<{ userId: number; draft: ProfileDraft } | null>(null);
  const [hasKeptDraft, setHasKeptDraft] = useState(false);

  const report = useCallback((draft: ProfileDraft | null) => {
    live.current = draft;
  }, []);

  const keepFor = useCallback((userId: number) => {
    if (live.current) {
      kept.current = { userId, draft: live.current };
      setHasKeptDraft(true);
    }
    live.current = null;
  }, []);

  const claim = useCallback((userId: number) => {
    const mine = kept.current && kept.current.userId === userId ? kept.current.draft : null;
    kept.current = null;
    live.current = null;
    setHasKeptDraft(false);
    return mine;
  }, []);

  const discard = useCallback(() => {
    kept.current = null;
    live.current = null;
    setHasKeptDraft(false);
  }, []);

  return { report, keepFor, claim, discard, hasKeptDraft };
}
