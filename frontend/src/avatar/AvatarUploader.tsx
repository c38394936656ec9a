import { useEffect, useId, useRef, useState, type ChangeEvent, type DragEvent, type ReactNode } from 'react';
import type { Profile } from '../api/client';
import { useI18n, type I18n } from '../i18n';
import { useSignedIn } from '../session/SessionProvider';
import { AvatarPicture } from './AvatarPicture';
import { ACCEPT_ATTRIBUTE, MAX_PICTURE_MIB } from './pictureFile';
import { RemoveAvatarDialog } from './RemoveAvatarDialog';
import { useAvatarUpload, type UploadFailure, type UploadStage } from './useAvatarUpload';

export interface AvatarUploaderProps {
  /** Shown next to the picture, above the controls (e.g. the user's name). */
  children?: ReactNode;
}

type Notice = 'saved' | 'removed' | null;

const STAGE_TEXT = { preparing: 'avatar.preparing', uploading: 'avatar.uploading' } as const;
const NOTICE_TEXT = { saved: 'avatar.saved', removed: 'avatar.removed' } as const;

function failureText(failure: UploadFailure, { t, fieldMessage, errorMessage }: I18n): string {
  if (failure.kind === 'check') {
    return failure.problem === 'notImage' ? t('avatar.notImage') : t('avatar.tooLarge', { n: MAX_PICTURE_MIB });
  }
  // The picture's own message is a whole sentence ("That picture is larger than…").
  return fieldMessage(failure.error.fields.avatar) ?? errorMessage(failure.error);
}

function stageText(stage: UploadStage, t: I18n['t']): string | null {
  return stage === 'idle' ? null : t(STAGE_TEXT[stage]);
}

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * The profile picture with everything to change it: a file chooser (a real,
 * keyboard-reachable file input labelled "Profile picture"), dropping a file
 * on the area, an immediate preview with progress, and removal after a
 * confirmation. Works the same with or without a current picture. The
 * signed-in profile shows the backend's answer once the picture changed.
 */
export function AvatarUploader({ children }: AvatarUploaderProps) {
  const i18n = useI18n();
  const { profile, setProfile: onProfileChange } = useSignedIn();
  const { t } = i18n;
  const inputId = useId();
  const formatsId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [confirmingRemoval, setConfirmingRemoval] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const { stage, busy, preview, failure, upload, clearFailure } = useAvatarUpload(onProfileChange);
  const hasAvatar = profile.avatar !== null;
  const progressText = stageText(stage, t);

  // After a removal the "Remove picture" button is gone: focus moves to the chooser instead.
  const focusChooser = useRef(false);
  useEffect(() => {
    if (!confirmingRemoval && focusChooser.current) {
      focusChooser.current = false;
      inputRef.current?.focus();
    }
  }, [confirmingRemoval]);

  const send = async (file: File | undefined) => {
    if (!file || busy) return;
    setNotice(null);
    if (await upload(file)) setNotice('saved');
  };

  const onChoose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so choosing the same file again is a new choice.
    event.target.value = '';
    void send(file);
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (!(next instanceof Node && event.currentTarget.contains(next))) setDragging(false);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    void send(event.dataTransfer.files[0]);
  };

  const onRemoved = (removed: Profile) => {
    onProfileChange(removed);
    clearFailure();
    setNotice('removed');
    focusChooser.current = true;
    setConfirmingRemoval(false);
  };

  return (
    <>
      <div
        className={['avatar-uploader', dragging ? 'avatar-uploader--dragging' : ''].filter(Boolean).join(' ')}
        aria-busy={busy || undefined}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <div className="avatar-uploader__row">
          <AvatarPicture profile={profile} preview={preview} progressText={progressText} />
          <div className="avatar-uploader__side">
            {children}
            <div className="avatar-uploader__controls">
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                className="visually-hidden avatar-uploader__input"
                accept={ACCEPT_ATTRIBUTE}
                aria-label={t('avatar.label')}
                aria-describedby={formatsId}
                onChange={onChoose}
              />
              <label htmlFor={inputId} className="button button--secondary button--small avatar-uploader__choose">
                {hasAvatar ? t('avatar.change') : t('avatar.add')}
              </label>
              {hasAvatar && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy}
                  onClick={() => setConfirmingRemoval(true)}
                >
                  {t('avatar.remove')}
                </button>
              )}
              <span className="avatar-uploader__hint">{t('avatar.dropHint')}</span>
            </div>
            <p className="avatar-uploader__hint" id={formatsId}>
              {t('avatar.formats', { n: MAX_PICTURE_MIB })}
            </p>
            <p className="avatar-uploader__status" aria-live="polite">
              {progressText ?? (notice && t(NOTICE_TEXT[notice]))}
            </p>
          </div>
        </div>
        {failure && (
          <p className="alert alert--error" role="alert">
            {failureText(failure, i18n)}
          </p>
        )}
      </div>
      {/* Outside the drop area: React events from the (portalled) dialog must not reach it. */}
      {confirmingRemoval && (
        <RemoveAvatarDialog onClose={() => setConfirmingRemoval(false)} onRemoved={onRemoved} />
      )}
    </>
  );
}
