import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, updateProfile, type Profile, type ProfilePatch } from '../api/client';
import { useSignedIn } from '../session/SessionProvider';
import { applyPatch } from './draft';

export interface ProfileUpdater {
  profile: Profile;
  /** True while a save is on its way to the backend. */
  saving: boolean;
  /**
   * Shows the patched profile at once, then saves it. On success the
   * backend's profile is shown; on failure the previous one is shown again
   * and the promise rejects with the AppError.
   */
  save: (patch: ProfilePatch) => Promise<Profile>;
}

/** The signed-in profile (from the session home) with optimistic updates. */
export function useProfile(): ProfileUpdater {
  const { profile, setProfile } = useSignedIn();
  const [saving, setSaving] = useState(false);
  const profileRef = useRef(profile);
  profileRef.current = profile;
  // Results arriving after the page is gone (e.g. the session locked) must not
  // touch whatever profile is shown by then.
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const save = useCallback(
    async (patch: ProfilePatch) => {
      const previous = profileRef.current;
      setProfile(applyPatch(previous, patch));
      setSaving(true);
      try {
        const saved = await updateProfile(patch);
        if (alive.current) setProfile(saved);
        return saved;
      } catch (reason) {
        if (alive.current) setProfile(previous);
        throw toAppError(reason);
      } finally {
        if (alive.current) setSaving(false);
      }
    },
    [setProfile],
  );

  return { profile, saving, save };
}
