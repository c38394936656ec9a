import { useCallback, useEffect, useRef, useState } from 'react';
import { setAvatar, toAppError, type AppError, type Profile } from '../api/client';
import { downscalePicture } from './downscale';
import { checkPicture, toBase64, type PictureProblem } from './pictureFile';

/** "preparing": downsizing and encoding in the webview; "uploading": the backend has it. */
export type UploadStage = 'idle' | 'preparing' | 'uploading';

/** Why the last picture was not saved: refused here before sending, or by the backend. */
export type UploadFailure = { kind: 'check'; problem: PictureProblem } | { kind: 'backend'; error: AppError };

export interface AvatarUpload {
  stage: UploadStage;
  busy: boolean;
  /** An object URL of the picture being sent, once prepared, shown until the backend answers. */
  preview: string | null;
  failure: UploadFailure | null;
  /** Checks, prepares and sends the picture; resolves true once it is saved (never rejects). */
  upload: (file: File) => Promise<boolean>;
  clearFailure: () => void;
}

/**
 * Uploading a profile picture with an immediate preview that rolls back: on
 * success onUploaded gets the backend's profile; on failure the preview goes
 * away (the current avatar shows again) and the failure is kept for display.
 */
export function useAvatarUpload(onUploaded: (profile: Profile) => void): AvatarUpload {
  const [stage, setStage] = useState<UploadStage>('idle');
  const [preview, setPreview] = useState<string | null>(null);
  const [failure, setFailure] = useState<UploadFailure | null>(null);
  const running = useRef(false);
  const alive = useRef(true);
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // A preview's object URL is released as soon as it is no longer shown.
  useEffect(() => {
    if (!preview) return undefined;
    return () => URL.revokeObjectURL(preview);
  }, [preview]);

  const upload = useCallback(async (file: File) => {
    if (running.current) return false;
    const problem = checkPicture(file);
    if (problem) {
      setFailure({ kind: 'check', problem });
      return false;
    }
    running.current = true;
    setFailure(null);
    setStage('preparing');
    try {
      const prepared = await downscalePicture(file);
      // The preview is what is sent: a large photo is then decoded once, in
      // the worker, and never in full for a 96 px preview in the window
      // (which took longer than the redraw and held up its frames).
      if (alive.current) setPreview(URL.createObjectURL(prepared));
      const base64 = await toBase64(prepared);
      // Where the time goes, for the webview's profiler and the avatar
      // benchmark (e2e/avatar.bench.mjs): prepared here, saved by the backend.
      performance.mark('avatar:prepared');
      if (alive.current) setStage('uploading');
      const saved = await setAvatar(base64);
      performance.mark('avatar:saved');
      if (alive.current) onUploadedRef.current(saved);
      return true;
    } catch (reason) {
      if (alive.current) setFailure({ kind: 'backend', error: toAppError(reason) });
      return false;
    } finally {
      running.current = false;
      if (alive.current) {
        setPreview(null);
        setStage('idle');
      }
    }
  }, []);

  const clearFailure = useCallback(() => setFailure(null), []);

  return { stage, busy: stage !== 'idle', preview, failure, upload, clearFailure };
}
