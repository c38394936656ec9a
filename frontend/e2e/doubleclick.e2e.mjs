// A double-click on a button that opens an editor, a menu or a dialog opens
// it and does nothing else: the second click never lands on a control that
// moved under the pointer (issue 14: "Edit profile" used to become "Delete
// account"). Both a fast double-click and two clicks 200 ms apart, as people
// make them, at the default window size and at 800×600.
import assert from 'node:assert/strict';
import { openSection } from './helpers.mjs';

export const name = 'double-click: every opener opens one thing and triggers nothing else';

/** What the page shows that an action could have changed. */
const snapshot = (page) =>
  page.evaluate(() => ({
    dialogs: [...document.querySelectorAll('[role="dialog"]')].map((d) => d.getAttribute('aria-label') ?? d.querySelector('h2')?.textContent ?? '?'),
    menus: document.querySelectorAll('[role="menu"]').length,
    section: document.querySelector('nav[aria-label="Sections"] [aria-current="page"]')?.textContent ?? null,
    heading: document.querySelector('main h1')?.textContent ?? null,
  }));

/** Clicks the centre of `locator` twice: at once (a double-click) or `gap` ms apart. */
async function twoClicks(page, locator, gap) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, 'the opener is not on screen');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (gap === 0) {
    await page.mouse.dblclick(x, y);
  } else {
    await page.mouse.click(x, y);
    // The user's own rhythm, not a wait for the app: the point is what lies
    // under the pointer when the second click comes.
    await page.waitForTimeout(gap);
    await page.mouse.click(x, y);
  }
}

const OPENERS = [
  {
    what: 'Edit profile',
    section: 'Profile',
    opener: (page) => page.getByRole('button', { name: 'Edit profile' }),
    opened: async (page) => page.getByRole('button', { name: 'Save changes' }).waitFor(),
    expect: { dialogs: [], menus: 0 },
    close: async (page) => page.getByRole('button', { name: 'Cancel' }).click(),
  },
  {
    what: 'the account menu',
    section: 'Profile',
    opener: (page) => page.getByRole('banner').getByRole('button', { name: /^Account: / }),
    // A second click on a menu button closes the menu it opened: still nothing else.
    opened: async () => {},
    expect: { dialogs: [] },
    close: async (page) => page.keyboard.press('Escape'),
  },
  {
    what: 'Add password',
    section: 'Saved passwords',
    // The vault is empty: its one Add button, once the list has loaded (while
    // it loads, the head's Add button shows, and goes when the list is empty).
    opener: (page) => page.getByRole('button', { name: 'Add your first password' }),
    opened: async (page) => page.getByRole('dialog', { name: 'Add password' }).waitFor(),
    expect: { dialogs: 1, menus: 0 },
    close: async (page) => page.keyboard.press('Escape'),
  },
  {
    what: 'Delete account',
    section: 'Settings',
    opener: (page) => page.getByRole('button', { name: 'Delete account' }),
    opened: async (page) => page.getByRole('dialog', { name: 'Delete account' }).waitFor(),
    expect: { dialogs: 1, menus: 0 },
    close: async (page) => page.keyboard.press('Escape'),
  },
  {
    what: 'Keyboard shortcuts',
    section: 'Profile',
    opener: (page) => page.getByRole('button', { name: 'Keyboard shortcuts' }),
    opened: async (page) => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor(),
    expect: { dialogs: 1, menus: 0 },
    close: async (page) => page.keyboard.press('Escape'),
  },
];

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `dbl_${id}`, email: `dbl.${id}@example.com`, password: 'correct horse 42' };
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.evaluate((u) => window.go.main.App.SignUp({ ...u, first_name: '', last_name: '', number_phone: '' }), user);
  await page.reload();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();

  for (const viewport of [{ width: 1024, height: 720 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(viewport);
    for (const gap of [0, 200]) {
      for (const o of OPENERS) {
        const where = `${o.what} (${viewport.width}×${viewport.height}, ${gap ? `${gap} ms apart` : 'double-click'})`;
        await openSection(page, o.section);
        const before = await snapshot(page);
        await twoClicks(page, o.opener(page), gap);
        await o.opened(page);
        const after = await snapshot(page);
        assert.equal(after.section, before.section, `${where}: the section changed`);
        assert.equal(after.heading, before.heading, `${where}: the screen changed`);
        if (typeof o.expect.dialogs === 'number') assert.equal(after.dialogs.length, o.expect.dialogs, `${where}: dialogs ${after.dialogs}`);
        else assert.deepEqual(after.dialogs, o.expect.dialogs, `${where}: a dialog opened`);
        if (o.expect.menus !== undefined) assert.equal(after.menus, o.expect.menus, `${where}: a menu opened`);
        await o.close(page);
        await page.waitForFunction(() => document.querySelectorAll('[role="dialog"],[role="menu"]').length === 0);
      }
    }
  }

  await openSection(page, 'Settings');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete account' });
  await dialog.getByLabel('Password', { exact: true }).fill(user.password);
  await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByText('Your account was deleted.').waitFor();
}
