import { useEffect, useState } from 'react';
import { useI18n, type Language, type TranslateFn } from '../i18n';

// Minute precision: a tick every half minute keeps "2 minutes ago" true.
const TICK_MS = 30_000;

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "Changed 2 minutes ago" for a change at `at`, seen at `now`, in the UI language. */
export function changedText(at: Date, now: Date, language: Language, t: TranslateFn): string {
  // A time a little in the future (clocks differ) is "just now" too.
  const seconds = Math.max(0, (now.getTime() - at.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return t('profile.changed', { when: format.format(-Math.floor(seconds / size), unit) });
  }
  return t('profile.changedJustNow');
}

/** When the profile last changed, relative to now and kept up to date; the exact time in its tooltip. */
export function ChangedAgo({ iso }: { iso: string }) {
  const { t, language } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, [iso]);

  const at = new Date(iso);
  if (iso === '' || Number.isNaN(at.getTime())) return null;
  const exact = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(at);
  return (
    <time className="profile-details__changed" dateTime={iso} title={exact}>
      {changedText(at, now, language, t)}
    </time>
  );
}
