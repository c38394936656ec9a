import type { MessageKey } from '../i18n';

export type StrengthLevel = 'weak' | 'fair' | 'strong';

/** Below 50 bits is weak, below 80 fair, anything more strong. */
export function strengthLevel(bits: number): StrengthLevel {
  if (bits < 50) return 'weak';
  if (bits < 80) return 'fair';
  return 'strong';
}

export const STRENGTH_LABELS: Readonly<Record<StrengthLevel, MessageKey>> = {
  weak: 'generator.weak',
  fair: 'generator.fair',
  strong: 'generator.strong',
};
