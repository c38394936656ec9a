import { useCallback, useEffect, useState } from 'react';
import { updateProfile, type ProfilePatch } from '../api/client';
import { useSubmit, type Submit } from '../components/useSubmit';
import { useUnsavedChanges } from '../navigation/guard';
import { useSession, useSignedIn } from '../session/SessionProvider';
import { diffProfile, draftFromProfile, isEmptyPatch, type ProfileDraft } from './draft';

export interface ProfileEditor {
  editing: boolean;
  /** What the fields hold while editing. */
  values: ProfileDraft;
  /** Busy state, per-field errors and the form's ref (focus after a failure). */
  submit: Submit<[ProfilePatch]>;
  /** "Your profile was saved." is showing (until it expires or the next edit). */
  saved: boolean;
  /** The editor holds a draft kept across an auto-lock. */
  restored: boolean;
  open: () => void;
  change: (name: keyof ProfileDraft, value: string) => void;
  /** Saves the changed fields; resolves true once the editor closed (stored, or nothing changed). */
  save: () => Promise<boolean>;
  /** Closes without saving. */
  cancel: () => void;
  expireSaved: () => void;
}

/**
 * The profile's edit-in-place state. The editor stays open until the backend
 * has stored the change (or refused it, field by field); unsaved input is
 * reported to the session home (it survives an auto-lock) and to the leave
 * guard (sign-out and navigation ask before dropping it).
 */
export function useProfileEditor(): ProfileEditor {
  const { profile, setProfile } = useSignedIn();
  const { restored: restoredDraft, report } = useSession().draft;
  const [editing, setEditing] = useState(restoredDraft !== null);
  const [values, setValues] = useState<ProfileDraft>(() => restoredDraft ?? draftFromProfile(profile));
  const [restored, setRestored] = useState(restoredDraft !== null);
  const [saved, setSaved] = useState(false);
  const submit = useSubmit(async (patch: ProfilePatch) => setProfile(await updateProfile(patch)));
  const { reset, run, clearFieldError } = submit;

  useEffect(() => {
    if (restoredDraft) report(restoredDraft);
    // Mount only: the restored draft is where this page starts.
  }, []);

  const close = useCallback(() => {
    report(null);
    reset();
    setRestored(false);
    setEditing(false);
  }, [report, reset]);

  const open = () => {
    setValues(draftFromProfile(profile));
    setSaved(false);
    setEditing(true);
  };

  const change = (name: keyof ProfileDraft, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    report(isEmptyPatch(diffProfile(profile, next)) ? null : next);
    clearFieldError(name);
  };

  const save = async () => {
    const patch = diffProfile(profile, values);
    if (isEmptyPatch(patch)) {
      close();
      return true;
    }
    if (!(await run(patch))) return false;
    close();
    setSaved(true);
    return true;
  };

  const dirty = editing && (submit.busy || !isEmptyPatch(diffProfile(profile, values)));
  useUnsavedChanges(dirty, close, submit.pending);

  return { editing, values, submit, saved, restored, open, change, save, cancel: close, expireSaved: () => setSaved(false) };
}
