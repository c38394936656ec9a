// The header and the sidebar fit at 800×600 and at 1024×720, in Spanish (the
// longer language) and English, with a long user name: no button wraps onto a
// second line, nothing spills out of the window, and the name cut short with
// an ellipsis is whole in the account menu.
import assert from 'node:assert/strict';
import { wrappedButtons } from './helpers.mjs';

export const name = 'header: fits at 800×600 in Spanish with a long name, no wrapped button';

/**
 * On Settings, longer than the window: only the content scrolls (wheel and
 * keyboard), the header and the sidebar stay where they were, and the skip
 * link still moves focus to the main region.
 */
async function shellStaysOnLongPage(page, where, viewport) {
  await page.getByRole('navigation').getByRole('button', { name: /^(Settings|Ajustes)$/ }).click();
  await page.locator('[data-section="settings"] h1').waitFor();
  const boxes = () =>
    page.evaluate(() => {
      const content = document.querySelector('main').parentElement;
      return {
        header: document.querySelector('header').getBoundingClientRect().top,
        sidebar: document.querySelector('nav').getBoundingClientRect().top,
        page: document.scrollingElement.scrollTop,
        content: content.scrollTop,
        room: content.scrollHeight - content.clientHeight,
      };
    });
  const before = await boxes();
  assert.ok(before.room > 0, `${where}: the content region has nothing to scroll (does the whole page scroll instead?)`);
  await page.mouse.move(viewport.width - 40, viewport.height / 2);
  await page.mouse.wheel(0, 5000);
  await page.waitForFunction((top) => document.querySelector('main').parentElement.scrollTop > top, before.content);
  const after = await boxes();
  assert.equal(after.page, 0, `${where}: the whole page scrolled`);
  assert.equal(after.header, before.header, `${where}: the header moved`);
  assert.equal(after.sidebar, before.sidebar, `${where}: the sidebar moved`);

  // The skip link still takes focus to the main region, and the keyboard
  // scrolls the content from there.
  await page.evaluate(() => {
    document.querySelector('main').parentElement.scrollTop = 0;
  });
  await page.locator('.skip-link').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('main').parentElement.scrollTop > 0);
  assert.equal((await boxes()).header, before.header, `${where}: the header moved`);
  await page.getByRole('navigation').getByRole('button', { name: /^(Profile|Perfil)$/ }).click();
  await page.locator('[data-section="profile"] h1').waitFor();
}

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
        await shellStaysOnLongPage(page, where, viewport);
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
