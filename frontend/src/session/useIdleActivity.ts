import { useEffect, useRef } from 'react';
import { reportActivity } from '../api/client';

// Short against the shortest auto-lock (1 minute): activity reaches the
// backend at most 15 s late, and a local call every 15 s costs nothing.
export const ACTIVITY_REPORT_INTERVAL_MS = 15_000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * While enabled, tells the backend the user is working (keyboard, pointer,
 * wheel) so the idle auto-lock does not fire, at most once per interval.
 * Activity inside an interval is reported once when the interval ends, so
 * the backend never sees the last activity more than one interval late.
 * Signing in counts as activity on the backend, so the clock starts then.
 */
export function useIdleActivity(enabled: boolean, intervalMs: number = ACTIVITY_REPORT_INTERVAL_MS): void {
  const intervalRef = useRef(intervalMs);
  intervalRef.current = intervalMs;

  useEffect(() => {
    if (!enabled) return;
    let lastReport = Date.now();
    let trailing: ReturnType<typeof setTimeout> | undefined;

    const send = () => {
      trailing = undefined;
      lastReport = Date.now();
      reportActivity().catch(() => {
        // Best effort: a failure here must not disturb the user.
      });
    };

    const onActivity = () => {
      const wait = lastReport + intervalRef.current - Date.now();
      if (wait <= 0) {
        if (trailing !== undefined) clearTimeout(trailing);
        send();
      } else if (trailing === undefined) {
        trailing = setTimeout(send, wait);
      }
    };

    const options: AddEventListenerOptions = { capture: true, passive: true };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, options);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, options);
      if (trailing !== undefined) clearTimeout(trailing);
    };
  }, [enabled]);
}
