// The whole sign-up → edit → sign-out flow with the keyboard alone (Tab,
// Shift+Tab, Enter, typing, Ctrl+S), checking that focus is always visible.
import assert from 'node:assert/strict';

export const name = 'keyboard: sign up → edit (Ctrl+S) → sign out without the mouse';

/** The focused element's name (label, aria-label or text) and whether its focus is drawn. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { name: '', visible: false };
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    const style = getComputedStyle(el);
    const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    return { name: label.trim(), visible };
  });

/** Presses Tab until the element named `name` has focus, checking each stop shows its focus. */
async function tabTo(page, name) {
  for (let i = 0; i < 100; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.name === '') continue;
    assert.ok(now.visible, `focus on "${now.name}" is not visible`);
    if (now.name === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  await tabTo(page, 'Create an account');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  for (const [label, value] of [['Username', `kb_${id}`], ['Email', `kb.${id}@example.com`], ['Password', 'correct horse 42']]) {
    await tabTo(page, label);
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();

  await tabTo(page, 'Edit profile');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save changes' }).waitFor();
  await tabTo(page, 'First name');
  await page.keyboard.type('Teclado');
  await page.keyboard.press('Shift+Tab'); // and back, with the other direction
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).name, 'First name');
  await page.keyboard.press('Control+s');
  await page.getByRole('status').filter({ hasText: 'Your profile was saved.' }).waitFor();
  const term = page.locator('dt', { hasText: /^First name$/ });
  await term.locator('xpath=following-sibling::dd[1]').filter({ hasText: 'Teclado' }).waitFor();

  // The sidebar and the account menu, by keyboard too.
  await tabTo(page, 'Settings');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await tabTo(page, `Account: kb_${id}`);
  // Tab in an open menu closes it and moves on from its trigger, as from the
  // trigger itself (the menu sits at the end of the page: without going back
  // to the trigger first, Tab would leave the page).
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Settings' }).waitFor();
  await page.keyboard.press('Tab');
  await page.getByRole('menu').waitFor({ state: 'detached' });
  assert.deepEqual(await focused(page), { name: 'Profile', visible: true }, 'Tab in the menu did not move on from its trigger');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await focused(page)).name, `Account: kb_${id}`);
  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Settings' }).waitFor();
  await page.keyboard.press('ArrowDown');
  const item = await focused(page);
  assert.deepEqual(item, { name: 'Sign out', visible: true });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}
