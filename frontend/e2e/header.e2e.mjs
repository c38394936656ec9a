// The header and the sidebar fit at 800×600 and at 1024×720, in Spanish (the
// longer language) and English, with a long user name: no button wraps onto a
// second line, nothing spills out of the window, and the name cut short with
// an ellipsis is whole in the account menu.
import assert from 'node:assert/strict';
import { wrappedButtons } from './helpers.mjs';

export const name = 'header: fits at 800×600 in Spanish with a long name, no wrapped button';

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `maria.fernanda.gonzalez.restrepo_${id}`, email: `hdr.${id}@example.com`, password: 'correct horse 42' };
  await page.goto('/');
  await page.locator('h1').first().waitFor();
  try {
    await page.evaluate((u) => window.go.main.App.SignUp({ ...u, first_name: '', last_name: '', number_phone: '' }), user);
    for (const language of ['es', 'en']) {
      await page.evaluate((l) => window.go.main.App.SetAppearance({ theme: 'system', language: l }), language);
      for (const viewport of [{ width: 800, height: 600 }, { width: 1024, height: 720 }]) {
        await page.setViewportSize(viewport);
        await page.reload();
        await page.locator('[data-section="profile"] h1').waitFor();
        const where = `${language} ${viewport.width}×${viewport.height}`;
        assert.deepEqual(await wrappedButtons(page, 'header'), [], `${where}: a header button wraps`);
        assert.deepEqual(await wrappedButtons(page, 'nav'), [], `${where}: a sidebar button wraps`);
        const spill = await page.evaluate(() => {
          const header = document.querySelector('header');
          return [...header.querySelectorAll('*')].some((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5);
        });
        assert.equal(spill, false, `${where}: something in the header leaves the window`);
        const account = page.getByRole('banner').getByRole('button', { name: new RegExp(`: ${user.username}$`) });
        await account.click();
        await page.getByRole('menu').getByText(user.username).waitFor();
        await page.keyboard.press('Escape');
      }
    }
  } finally {
    await page.evaluate(async (u) => {
      await window.go.main.App.SetAppearance({ theme: 'system', language: 'system' });
      await window.go.main.App.DeleteAccount(u.password, false).catch(() => undefined);
    }, user);
  }
}
