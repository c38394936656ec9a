// Saved passwords through the real Go bindings: generate, save (with a
// username), search, copy, the row menu by keyboard, edit, delete; the add
// dialog fits small windows; then deleting the account takes the vault with it.
import assert from 'node:assert/strict';
import { scan } from './a11y.e2e.mjs';
import { openSection, signOut, signUp } from './helpers.mjs';

export const name = 'saved passwords: generate → save → search → copy → menu → edit → delete; dialog fits 800×600; account deletion empties the vault';

const field = (scope, label) => scope.getByLabel(label, { exact: true });


const openVault = (page) => openSection(page, 'Saved passwords');

/** Follows the OS theme to scheme, once the app has applied it and its colour transitions have ended (axe reads colours). */
async function useScheme(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(
    (s) => document.documentElement.dataset.theme === s && document.getAnimations().every((a) => a.playState !== 'running'),
    scheme,
  );
}

/** A row's own button (named "name, username, URL"), which selects it. */
const row = (page, name) => page.getByRole('button', { name: new RegExp(`^${name}\\s*(,|$)`) });

/** Runs an action of a row's "More actions" menu. */
async function fromMenu(page, name, action) {
  await page.getByRole('button', { name: `More actions for ${name}` }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: action }).click();
}

async function addEntry(page, entry, { generate = false, opener = 'Add password' } = {}) {
  await page.getByRole('button', { name: opener }).click();
  const dialog = page.getByRole('dialog', { name: 'Add password' });
  await dialog.waitFor();
  await field(dialog, 'Name').fill(entry.name);
  await field(dialog, 'Address (URL)').fill(entry.url);
  if (entry.username) await field(dialog, 'Username or email').fill(entry.username);
  if (generate) {
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.getByText(/Strength: \d+ bits/).waitFor();
    const password = field(dialog, 'Password');
    const generated = await password.inputValue();
    assert.equal(generated.length, 20, `the strong preset comes first: 20 characters, got ${JSON.stringify(generated)}`);
    assert.equal(await password.getAttribute('type'), 'text', 'a generated password is shown, not masked');
  } else {
    await field(dialog, 'Password').fill(entry.password);
  }
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * The details' values have the pane's whole width (a long username or URL
 * breaks across the pane, not down a narrow column beside its label), and
 * no label breaks.
 */
async function assertDetailFieldsUseWidth(page, where) {
  const fields = await page.evaluate(() =>
    [...document.querySelectorAll('.entry-detail__fields > div')].map((field) => {
      const list = field.parentElement.getBoundingClientRect();
      const label = field.querySelector('dt');
      const range = document.createRange();
      range.selectNodeContents(label);
      return {
        label: label.textContent,
        share: field.querySelector('dd').getBoundingClientRect().width / list.width,
        labelLines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size,
      };
    }),
  );
  assert.ok(fields.length >= 3, `${where}: the details show their fields`);
  for (const field of fields) {
    assert.ok(field.share > 0.9, `${where}: the value of "${field.label}" has ${Math.round(field.share * 100)} % of the pane's width`);
    assert.equal(field.labelLines, 1, `${where}: the label "${field.label}" breaks`);
  }
}

/** The focused row control: its part, the row's place in the list, and whether the row is in the list's view. */
const focusedRow = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const item = el?.closest('[role="listitem"]');
    const scroller = item?.closest('.entry-list');
    if (!item || !scroller) return { part: el?.tagName ?? 'none' };
    const r = item.getBoundingClientRect();
    const s = scroller.getBoundingClientRect();
    return {
      part: el.dataset.rowPart ?? (el.getAttribute('aria-haspopup') ? 'more' : el.tagName),
      last: item.getAttribute('aria-posinset') === item.getAttribute('aria-setsize'),
      inView: r.top >= s.top - 0.5 && r.bottom <= s.bottom + 0.5,
    };
  });

/**
 * A list longer than the window at 800×600 (one pane): End on a row's Copy
 * keeps focus on the last row's Copy; the details opened from there and
 * closed (Esc, then Back) give focus back to that row, scrolled into view
 * — the list, hidden meanwhile, lost its scroll position.
 */
async function longListKeepsFocus(page) {
  await page.evaluate(async () => {
    for (let i = 0; i < 40; i++) {
      const n = String(i).padStart(2, '0');
      await window.go.main.App.AddSavedPassword({ name_pages: `Site ${n}`, url: `https://site${n}.example.com`, username: '', password_saved: 'x' });
    }
  });
  await page.setViewportSize({ width: 800, height: 600 });
  await openSection(page, 'Settings');
  await openVault(page);
  const list = page.getByRole('list', { name: 'Saved passwords' });
  await list.getByRole('button', { name: /^Copy password for / }).first().focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') === '41');
  assert.deepEqual(await focusedRow(page), { part: 'copy', last: true, inView: true }, 'End on Copy');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') === '1');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.activeElement?.closest('[role="listitem"]')?.getAttribute('aria-posinset') === '41');

  await page.keyboard.press('Shift+Tab');
  assert.deepEqual(await focusedRow(page), { part: 'main', last: true, inView: true }, 'Shift+Tab from Copy');
  for (const close of ['Escape', 'Back']) {
    await page.keyboard.press('Enter');
    const details = page.getByRole('region', { name: 'Site 39' });
    await details.waitFor();
    await assertDetailFieldsUseWidth(page, 'one pane at 800×600');
    if (close === 'Escape') await page.keyboard.press('Escape');
    else await details.getByRole('button', { name: 'Back to the list' }).click();
    await details.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.closest('[role="listitem"]') != null);
    assert.deepEqual(await focusedRow(page), { part: 'main', last: true, inView: true }, `after ${close}`);
  }
  await page.setViewportSize({ width: 1024, height: 720 });
}

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `vault_${id}`, email: `vault.${id}@example.com`, password: 'correct horse 42' };
  await signUp(page, user);
  await openVault(page);
  await page.getByRole('heading', { name: 'No saved passwords yet.' }).waitFor();
  assert.equal(await page.getByLabel('Search saved passwords').count(), 0, 'no search field over an empty vault');
  for (const scheme of ['light', 'dark']) {
    await useScheme(page, scheme);
    await scan(page, 'empty vault', scheme);
  }
  await useScheme(page, 'light');

  // The add dialog fits the default window and a small one: Save is in view.
  for (const viewport of [{ width: 1024, height: 720 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(viewport);
    await page.getByRole('button', { name: 'Add your first password' }).click();
    const add = page.getByRole('dialog', { name: 'Add password' });
    await add.getByLabel('Length').waitFor();
    const save = await add.getByRole('button', { name: 'Save password' }).boundingBox();
    const size = page.viewportSize();
    assert.ok(
      save && save.x >= 0 && save.y >= 0 && save.x + save.width <= size.width && save.y + save.height <= size.height,
      `Save is inside the ${size.width}×${size.height} window: ${JSON.stringify(save)}`,
    );
    await add.getByRole('button', { name: 'Cancel' }).click();
    await add.waitFor({ state: 'detached' });
  }

  // A bad address is refused with the field's message; the dialog stays.
  await page.getByRole('button', { name: 'Add your first password' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add password' });
  await field(dialog, 'Address (URL)').fill('not a url');
  await field(dialog, 'Password').fill('x');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.getByText('Enter a web address that starts with http:// or https://, like https://example.com.').waitFor();
  // The refused input is unsaved: Cancel asks before dropping it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('dialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard changes' }).click();
  await dialog.waitFor({ state: 'detached' });

  await page.setViewportSize({ width: 1024, height: 720 });
  await addEntry(page, { name: 'Mail', url: 'https://mail.example.com' }, { generate: true, opener: 'Add your first password' });
  await addEntry(page, { name: 'Bank', url: 'https://bank.example.org', username: 'bank.login@example.com', password: 'b4nk-S3cret!' });
  const rows = page.getByRole('list', { name: 'Saved passwords' }).getByRole('listitem');
  await page.waitForFunction(() => document.querySelectorAll('[role="list"] [role="listitem"]').length === 2);
  assert.equal(await rows.first().getAttribute('aria-setsize'), '2');

  // The username came back from Go: in the row, and in the details beside the list.
  await row(page, 'Bank').click();
  const details = page.getByRole('region', { name: 'Bank' });
  await details.getByText('bank.login@example.com').waitFor();
  await details.getByText('https://bank.example.org').waitFor();
  await assertDetailFieldsUseWidth(page, 'two panes at 1024×720');
  // axe: the list, the details and a row's open menu, in both themes.
  for (const scheme of ['light', 'dark']) {
    await useScheme(page, scheme);
    await scan(page, 'vault list and details', scheme);
    await page.getByRole('button', { name: 'More actions for Mail' }).click();
    await page.getByRole('menu').waitFor();
    await scan(page, 'vault row menu', scheme);
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
  }
  await useScheme(page, 'light');

  // Search narrows the list to the bank, by its username too.
  await field(page, 'Search saved passwords').fill('login@');
  await page.waitForFunction(() => document.querySelectorAll('[role="list"] [role="listitem"]').length === 1);
  await page.getByRole('button', { name: 'Copy password for Bank' }).first().click();
  await page.getByText(/Copied/).waitFor();

  // The row's menu by keyboard: the first item takes focus, arrows move, Escape closes back onto the button.
  const more = page.getByRole('button', { name: 'More actions for Bank' });
  assert.equal(await more.getAttribute('aria-haspopup'), 'menu');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'More actions for Bank' });
  await menu.waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  assert.equal(await focused(), 'Show password');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'Edit');
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'More actions for Bank');
  // Enter on Show password shows it in the row's fixed-width column: the columns do not move.
  const copyBefore = await page.getByRole('list', { name: 'Saved passwords' }).getByRole('button', { name: 'Copy password for Bank' }).boundingBox();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem');
  await page.keyboard.press('Enter');
  await page.getByRole('list', { name: 'Saved passwords' }).getByText('b4nk-S3cret!').waitFor();
  const copyAfter = await page.getByRole('list', { name: 'Saved passwords' }).getByRole('button', { name: 'Copy password for Bank' }).boundingBox();
  assert.deepEqual(copyAfter, copyBefore, 'showing the password moved the row\'s Copy button');

  // Edit the bank's username and password; the details show the new ones.
  await fromMenu(page, 'Bank', 'Edit');
  dialog = page.getByRole('dialog', { name: 'Edit password' });
  await dialog.waitFor();
  assert.equal(await field(dialog, 'Password').inputValue(), 'b4nk-S3cret!');
  assert.equal(await field(dialog, 'Username or email').inputValue(), 'bank.login@example.com');
  await field(dialog, 'Username or email').fill('  new.login  ');
  await field(dialog, 'Password').fill('n3w-B4nk-pass');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });
  await field(page, 'Search saved passwords').fill('');
  await details.getByText('new.login', { exact: true }).waitFor();
  await details.getByText('n3w-B4nk-pass').waitFor({ state: 'detached' });
  await details.getByRole('button', { name: 'Show password for Bank' }).click();
  await details.getByText('n3w-B4nk-pass').waitFor();

  // Delete it after confirming.
  await fromMenu(page, 'Bank', 'Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete saved password' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[role="list"] [role="listitem"]').length === 1);
  await row(page, 'Mail').waitFor();

  await longListKeepsFocus(page);

  // Deleting the account takes the vault along: the same email signs up to an empty vault.
  await openSection(page, 'Settings');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const del = page.getByRole('dialog', { name: 'Delete account' });
  await field(del, 'Password').fill(user.password);
  await del.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByText('Your account was deleted.').waitFor();
  await signUp(page, user);
  await openVault(page);
  await page.getByRole('button', { name: 'Add your first password' }).waitFor();

  // The session lives in the Go app, shared by every scenario: leave signed out.
  await signOut(page);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}
