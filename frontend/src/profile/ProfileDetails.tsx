import { useEffect, useId, useRef, type FormEvent } from 'react';
import { AccountFields } from '../components/AccountFields';
import { PROFILE_FIELDS } from '../components/fields';
import { FormAlert } from '../components/FormAlert';
import { SubmitButton } from '../components/SubmitButton';
import { TransientStatus } from '../components/TransientStatus';
import { useI18n } from '../i18n';
import { useSignedIn } from '../session/SessionProvider';
import { ChangedAgo } from './ChangedAgo';
import { draftFromProfile } from './draft';
import { useProfileEditor } from './useProfileEditor';

/**
 * The account's fields, edited where they are shown: "Edit profile" turns
 * the values into inputs in the same places (as Bitwarden's item view does).
 * The button sits at the end of the head row with no control after it, so
 * nothing takes its place under the pointer when the editor opens (a double
 * click only opens it).
 */
export function ProfileDetails() {
  const { t } = useI18n();
  const { profile } = useSignedIn();
  const editor = useProfileEditor();
  const { editing, submit } = editor;
  const titleId = useId();
  const editButtonRef = useRef<HTMLButtonElement>(null);

  // Opening the editor starts on its first field; closing it (saved or
  // cancelled) gives focus back to the button that opened it.
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (editing) submit.formRef.current?.querySelector('input')?.focus();
    else if (wasEditing.current) editButtonRef.current?.focus();
    wasEditing.current = editing;
  }, [editing, submit.formRef]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void editor.save();
  };

  const shown = draftFromProfile(profile);
  return (
    <section className="profile-details" aria-labelledby={titleId}>
      <div className="profile-details__head">
        <div className="profile-details__title">
          <h2 id={titleId}>{t('profile.details')}</h2>
          <ChangedAgo iso={profile.updated_at} />
        </div>
        {/* Next to the button that gets focus back after a save, where the eye is. */}
        <TransientStatus
          className="profile-details__status"
          message={editor.saved ? t('profile.saved') : null}
          onExpire={editor.expireSaved}
        />
        {!editing && (
          <button ref={editButtonRef} type="button" className="button button--secondary" onClick={editor.open}>
            {t('profile.edit')}
          </button>
        )}
      </div>

      {editing ? (
        <form
          ref={submit.formRef}
          className="form"
          aria-label={t('edit.title')}
          onSubmit={onSubmit}
          noValidate
          data-shortcut="save"
        >
          {editor.restored && <p className="alert alert--info">{t('profile.restored')}</p>}
          <FormAlert error={submit.formError} />
          <AccountFields
            fields={PROFILE_FIELDS}
            values={editor.values}
            errors={submit.fieldErrors}
            onChange={editor.change}
            hints={{ number_phone: 'edit.phoneHint' }}
            readOnly={submit.busy}
          />
          <div className="form__actions">
            <SubmitButton busy={submit.busy}>{t('edit.save')}</SubmitButton>
            <button type="button" className="button button--secondary" onClick={editor.cancel} disabled={submit.busy}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <dl className="profile-details__grid">
          {PROFILE_FIELDS.map((field) => {
            const value = shown[field.name];
            return (
              <div className={field.half ? 'profile-details__item profile-details__item--half' : 'profile-details__item'} key={field.name}>
                <dt>{t(field.label)}</dt>
                <dd className={value ? undefined : 'profile-details__empty'}>{value || t('common.notSet')}</dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
