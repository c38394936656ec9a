// A long vault list (issue 13, item 6): opening the Saved passwords page
// with 10,000 entries next to opening it with 100, in one run, and the
// longest task on the window's thread while scrolling through all 10,000.
// Two accounts are seeded through the real bound AddSavedPassword; each is
// measured by opening the page several times in one session (the first
// open after signing in is reported on its own), alternating accounts.
//
// Selectors go by role and text only (heading "Saved passwords"; the rows
// as list items, table rows or listbox options), and the scroll loop
// scrolls whatever scroll container holds the rows, so a virtualised list
// is measured the same way.
import { installFrameWatch, median, report, signIn, signOut } from './benchkit.mjs';
import { signUp } from './helpers.mjs';

export const name = 'bench: saved passwords, 10,000 entries vs 100';

const OPENS = 4; // per account and round
const ROUNDS = 2;
const OPEN_DEADLINE_MS = 60_000;
const SCROLL_DEADLINE_MS = 240_000;
const ROWS = 'li, tr, [role="listitem"], [role="row"], [role="option"]';

const entryName = (i) => `Site ${String(i).padStart(5, '0')}`;

/** Adds count entries to the signed-in account through the bound method, 50 calls at a time. */
async function seed(page, count) {
  await page.evaluate(async (count) => {
    const add = window.go.main.App.AddSavedPassword;
    for (let start = 0; start < count; start += 50) {
      const batch = [];
      for (let i = start; i < Math.min(count, start + 50); i++) {
        const n = String(i).padStart(5, '0');
        batch.push(add({ name_pages: `Site ${n}`, url: `https://site${n}.example.com/login`, password_saved: `p4ss-${n}-xyz` }));
      }
      await Promise.all(batch);
    }
  }, count);
}

const nav = (page, label) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label });

/**
 * Opens the Saved passwords page from the profile and returns the time, in
 * the page, from the click until the frame after the first entry's row
 * appeared.
 */
async function openVault(page) {
  await page.getByRole('heading', { name: 'Saved passwords' }).waitFor({ state: 'detached' });
  const button = await nav(page, 'Saved passwords').elementHandle();
  const ms = await page.evaluate(
    async ({ button, rows, first, deadlineMs }) => {
      const shown = () => [...document.querySelectorAll(rows)].some((row) => row.textContent.includes(first));
      const started = performance.now();
      button.click();
      await new Promise((resolve, reject) => {
        const observer = new MutationObserver(() => {
          if (shown()) done(resolve);
        });
        const timer = setTimeout(() => done(() => reject(new Error(`no row "${first}" within ${deadlineMs} ms of opening the page`))), deadlineMs);
        const done = (end) => {
          observer.disconnect();
          clearTimeout(timer);
          end();
        };
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        if (shown()) done(resolve);
      });
      // Shown: the frame that paints them has started.
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - started;
    },
    { button, rows: ROWS, first: entryName(0), deadlineMs: OPEN_DEADLINE_MS },
  );
  await page.getByRole('heading', { name: 'Saved passwords' }).waitFor();
  return ms;
}

async function leaveVault(page) {
  await nav(page, 'Profile').click();
  await page.getByRole('heading', { name: 'Saved passwords' }).waitFor({ state: 'detached' });
}

/**
 * Scrolls the list's scroll container two screenfuls at a time (a brisk
 * fling, which a virtualised list must render afresh each frame), each
 * step waiting for a frame, until the last entry's row is in view; fails
 * with what it saw when the container stops moving or the deadline passes.
 * Returns the frame watch over the whole scroll.
 */
async function scrollToTheEnd(page, last) {
  return page.evaluate(
    async ({ rows, first, last, deadlineMs }) => {
      const row = (text) => [...document.querySelectorAll(rows)].find((r) => r.textContent.includes(text));
      // The last entry is among the last rows rendered, virtualised or not;
      // looking only there keeps each step's own work small.
      const lastRow = () => {
        const all = document.querySelectorAll(rows);
        for (let i = all.length - 1; i >= Math.max(0, all.length - 50); i--) if (all[i].textContent.includes(last)) return all[i];
        return undefined;
      };
      const scrollable = (el) => {
        for (let node = el; node && node !== document.body; node = node.parentElement) {
          const style = getComputedStyle(node);
          if (/(auto|scroll)/.test(style.overflowY) && node.scrollHeight > node.clientHeight) return node;
        }
        return document.scrollingElement;
      };
      const start = row(first);
      if (!start) throw new Error(`no row "${first}" to start scrolling from`);
      const box = scrollable(start);
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const inView = (el) => {
        const r = el.getBoundingClientRect();
        const view = box === document.scrollingElement ? { top: 0, bottom: innerHeight } : box.getBoundingClientRect();
        return r.bottom > view.top && r.top < view.bottom;
      };
      const ends = performance.now() + deadlineMs;
      let still = 0;
      let steps = 0;
      let frames;
      window.__frames.start();
      try {
        for (;;) {
          const end = lastRow();
          if (end && inView(end)) break;
          if (performance.now() > ends) throw new Error(`"${last}" not in view after ${deadlineMs} ms of scrolling (${steps} steps, scrollTop ${box.scrollTop} of ${box.scrollHeight})`);
          const before = box.scrollTop;
          box.scrollTop = before + box.clientHeight * 2;
          await frame();
          steps++;
          still = box.scrollTop === before ? still + 1 : 0;
          // A container that no longer moves has reached its end without the last row.
          if (still >= 10) throw new Error(`the list stopped scrolling at ${box.scrollTop} of ${box.scrollHeight} without "${last}" in view (${steps} steps)`);
        }
      } finally {
        frames = window.__frames.stop();
      }
      return { ...frames, steps };
    },
    { rows: ROWS, first: entryName(0), last, deadlineMs: SCROLL_DEADLINE_MS },
  );
}

export default async function run(page) {
  const accounts = [];
  for (const count of [100, 10_000]) {
    const user = await signUp(page, `vaultbench${count}`);
    await seed(page, count);
    accounts.push({ count, user, opens: [], first: [] });
    await signOut(page);
  }

  for (let round = 0; round < ROUNDS; round++) {
    for (const account of round % 2 === 0 ? accounts : [...accounts].reverse()) {
      await signIn(page, account.user);
      for (let i = 0; i < OPENS; i++) {
        const ms = await openVault(page);
        (i === 0 ? account.first : account.opens).push(ms);
        await leaveVault(page);
      }
      await signOut(page);
    }
  }
  const [few, many] = accounts;
  report('vault.page100_ms', median(few.opens), 'ms');
  report('vault.page10k_ms', median(many.opens), 'ms');
  report('vault.page10k_ratio_vs_100', median(many.opens) / median(few.opens), 'x');
  report('vault.page100_first_ms', median(few.first), 'ms');
  report('vault.page10k_first_ms', median(many.first), 'ms');
  report('vault.page10k_first_ratio_vs_100', median(many.first) / median(few.first), 'x');

  await signIn(page, many.user);
  await installFrameWatch(page);
  await openVault(page);
  const scroll = await scrollToTheEnd(page, entryName(many.count - 1));
  // The longest main-thread block seen: the longest long task, or the
  // longest gap between frames (which no task can exceed) when larger.
  report('vault.scroll_max_task_ms', Math.max(scroll.maxFrameMs, scroll.maxLongTaskMs ?? 0), 'ms');
  if (scroll.maxLongTaskMs !== null) {
    report('vault.scroll_max_longtask_ms', scroll.maxLongTaskMs, 'ms');
    // How many: one outlier (a collection, the machine busy elsewhere) reads differently from a slow list.
    report('vault.scroll_longtasks', scroll.longTasks, 'tasks');
  }
  console.log(`vault bench: scrolled to "${entryName(many.count - 1)}" in ${scroll.steps} steps`);
  await leaveVault(page);
  await signOut(page);
}
