import type { CSSProperties } from 'react';

export interface AvatarPlaceholderProps {
  username: string;
  firstName: string;
  lastName: string;
  size?: 'medium' | 'large';
}

function firstLetter(text: string): string {
  return Array.from(text.trim())[0] ?? '';
}

export function initialsFor(username: string, firstName: string, lastName: string): string {
  const fromNames = firstLetter(firstName) + firstLetter(lastName);
  const initials = fromNames !== '' ? fromNames : Array.from(username.trim()).slice(0, 2).join('');
  return initials.toLocaleUpperCase() || '?';
}

function hueFor(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}

/**
 * Stands in for the avatar until real avatars arrive: the user's initials on
 * a colour derived from the username. Decorative: the name is shown next to it.
 */
export function AvatarPlaceholder({ username, firstName, lastName, size = 'large' }: AvatarPlaceholderProps) {
  const style = { '--avatar-hue': hueFor(username) } as CSSProperties;
  return (
    <div className={`avatar avatar--${size}`} style={style} aria-hidden="true" data-testid="avatar-placeholder">
      {initialsFor(username, firstName, lastName)}
    </div>
  );
}
