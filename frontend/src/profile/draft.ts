import { EDITABLE_FIELDS, type EditableField, type Profile, type ProfilePatch } from '../api/client';

/** What the edit form holds: every editable field as text. */
export type ProfileDraft = Readonly<Record<(typeof EDITABLE_FIELDS)[number], string>>;

/** An optional field Go sends as null when not set is "" in the form. */
export function draftFromProfile(profile: Profile): ProfileDraft {
  return Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, profile[field] ?? ''])) as Record<EditableField, string>;
}

/**
 * The fields of draft that differ from profile, trimmed (the backend trims too,
 * so whitespace-only edits are not changes). An emptied phone is sent as ""
 * which clears it.
 */
export function diffProfile(profile: Profile, draft: ProfileDraft): ProfilePatch {
  const current = draftFromProfile(profile);
  const patch: ProfilePatch = {};
  for (const field of EDITABLE_FIELDS) {
    const next = draft[field].trim();
    if (next !== current[field]) patch[field] = next;
  }
  return patch;
}

export function isEmptyPatch(patch: ProfilePatch): boolean {
  return Object.keys(patch).length === 0;
}
