// Accessibility: axe-core scans every screen (sign-in, sign-up, profile with
// settings and sync, the edit form, the delete dialog, the shortcuts dialog)
// in the light and the dark theme; any serious or critical violation fails.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { openSection } from './helpers.mjs';

export const name = 'a11y: axe finds no serious or critical violation on any screen, light and dark';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const field = (scope, label) => scope.getByLabel(label, { exact: true });

export async function scan(page, screen, scheme) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.map((n) => n.target.join(' ')).join('\n      ')}`);
  });
  assert.deepEqual(violations, [], `${screen} (${scheme}):\n    ${violations.join('\n    ')}`);
}

export default async function run(page) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    const id = Math.random().toString(36).slice(2, 8);
    const user = { username: `a11y_${id}`, email: `a11y.${id}@example.com`, password: 'correct horse 42' };

    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
    await scan(page, 'sign-in', scheme);

    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await scan(page, 'sign-up', scheme);

    await field(page, 'Username').fill(user.username);
    await field(page, 'Email').fill(user.email);
    await field(page, 'Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await scan(page, 'profile', scheme);

    await page.getByRole('button', { name: 'Edit profile' }).click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await scan(page, 'profile edit form', scheme);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await scan(page, 'shortcuts dialog', scheme);
    await page.keyboard.press('Escape');

    await page.getByRole('banner').getByRole('button', { name: /^Account: / }).click();
    await page.getByRole('menu').waitFor();
    await scan(page, 'account menu', scheme);
    await page.keyboard.press('Escape');

    await openSection(page, 'Settings');
    await page.getByRole('region', { name: 'Sync with the web service' }).getByLabel('Server address').waitFor();
    await scan(page, 'settings and sync', scheme);

    await page.getByRole('button', { name: 'Delete account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete account' });
    await dialog.waitFor();
    await scan(page, 'delete dialog', scheme);
    await field(dialog, 'Password').fill(user.password);
    await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
    await page.getByText('Your account was deleted.').waitFor();
  }
}
