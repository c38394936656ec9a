// What the *.bench.mjs scenarios share (besides helpers.mjs): a fresh
// account, the report line (`bench: <name> = <number> <unit>`, as
// `make bench` prints them) and medians. Timings are taken in the page
// (performance.now), so that the driver's round trips do not dilute them.
import { signOut as openSignOut } from './helpers.mjs';

const field = (scope, label) => scope.getByLabel(label, { exact: true });

/** Signs in with user's email and password and waits for the profile. */
export async function signIn(page, user) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await field(page, 'Email or username').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
}

/** Signs out (helpers.mjs) and waits for the sign-in screen. */
export async function signOut(page) {
  await openSignOut(page);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function report(name, value, unit) {
  const digits = unit === 'x' ? 2 : 1;
  console.log(`bench: ${name} = ${value.toFixed(digits)} ${unit}`);
}

/**
 * Installs window.__frames in the page: start() begins watching the main
 * thread — the gaps between animation frames, and long tasks where the
 * engine reports them (PerformanceObserver 'longtask') — and stop() returns
 * { maxFrameMs, maxLongTaskMs, longTasks } for the time in between
 * (maxLongTaskMs null when the engine has no long-task reports).
 */
export async function installFrameWatch(page) {
  await page.evaluate(() => {
    const hasLongTasks = (PerformanceObserver.supportedEntryTypes ?? []).includes('longtask');
    window.__frames = {
      start() {
        const state = { running: true, last: performance.now(), maxGap: 0, tasks: [] };
        if (hasLongTasks) {
          state.observer = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) state.tasks.push(entry.duration);
          });
          state.observer.observe({ type: 'longtask' });
        }
        const tick = (now) => {
          if (!state.running) return;
          state.maxGap = Math.max(state.maxGap, now - state.last);
          state.last = now;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        this.state = state;
      },
      stop() {
        const state = this.state;
        state.running = false;
        // The gap up to now counts too: a task still running at the end.
        state.maxGap = Math.max(state.maxGap, performance.now() - state.last);
        if (state.observer) {
          for (const entry of state.observer.takeRecords()) state.tasks.push(entry.duration);
          state.observer.disconnect();
        }
        return {
          maxFrameMs: state.maxGap,
          maxLongTaskMs: hasLongTasks ? Math.max(0, ...state.tasks) : null,
          longTasks: state.tasks.length,
        };
      },
    };
  });
}
