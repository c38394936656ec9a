// `make screenshots`: every screen at 1024×720 and 800×600, in English and
// Spanish, light and dark, through the real bindings, into
// test-artifacts/screens/<size>-<language>-<theme>-<screen>.png — to look at
// before a UI change is called done. Each screen is also checked for what must
// hold at any size: no button wraps onto a second line, and an open dialog's
// buttons are inside the window.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wrappedButtons } from './helpers.mjs';

export const name = 'screenshots: every screen, two sizes, two languages, two themes';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'screens');
const SIZES = [{ width: 1024, height: 720 }, { width: 800, height: 600 }];
const LANGUAGES = ['en', 'es'];
const THEMES = ['light', 'dark'];

// The few visible names the walk clicks, per language.
const TEXT = {
  en: { createAccount: 'Create an account', edit: 'Edit profile', add: /^Add (your first )?password$/, shortcuts: 'Keyboard shortcuts', delete: 'Delete account', cancel: 'Cancel', discard: 'Discard changes' },
  es: { createAccount: 'Crear una cuenta', edit: 'Editar perfil', add: /^Añad(e|ir) (tu primera )?contraseña$/, shortcuts: 'Atajos de teclado', delete: 'Eliminar cuenta', cancel: 'Cancelar', discard: 'Descartar cambios' },
};

const setAppearance = (page, language, theme) =>
  page.evaluate((appearance) => window.go.main.App.SetAppearance(appearance), { language, theme });

/**
 * A dialog's own buttons (those not inside a part of it that scrolls, like
 * a long form's body) all lie inside the viewport.
 */
async function assertDialogFits(page, what) {
  const outside = await page.evaluate(() => {
    const dialog = document.querySelector('[role="dialog"]');
    const scrolls = (el) => el !== dialog && ['auto', 'scroll'].includes(getComputedStyle(el).overflowY);
    return [...dialog.querySelectorAll('button')]
      .filter((button) => {
        for (let el = button.parentElement; el && el !== dialog; el = el.parentElement) if (scrolls(el)) return false;
        return true;
      })
      .filter((button) => {
        const box = button.getBoundingClientRect();
        return box.top < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth;
      })
      .map((button) => button.textContent.trim());
  });
  assert.deepEqual(outside, [], `${what}: buttons outside the ${page.viewportSize().width}×${page.viewportSize().height} window`);
}

/** Runs `walk` once for every size, language and theme, with `shot(screen)` saving the page. */
async function everyLook(page, walk) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const language of LANGUAGES) {
      for (const theme of THEMES) {
        await setAppearance(page, language, theme);
        await page.reload();
        await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
        const look = `${size.width}x${size.height}-${language}-${theme}`;
        const shot = async (screen, { fullPage = true } = {}) => {
          await page.evaluate(() => document.fonts.ready);
          const wrapped = await wrappedButtons(page);
          assert.deepEqual(wrapped, [], `${look} ${screen}: buttons wrap onto two lines`);
          await page.screenshot({ path: path.join(out, `${look}-${screen}.png`), fullPage });
        };
        await walk({ language, t: TEXT[language], shot });
      }
    }
  }
}

export default async function run(page) {
  await mkdir(out, { recursive: true });
  await page.goto('/');
  await page.locator('h1').first().waitFor();
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `screens_${id}`, email: `screens.${id}@example.com`, password: 'correct horse 42' };
  try {
    await everyLook(page, async ({ t, shot }) => {
      await page.locator('h1').first().waitFor();
      await shot('signin');
      await page.getByRole('button', { name: t.createAccount }).click();
      await page.locator('form input').first().waitFor();
      await shot('signup');
    });

    // One account with a few saved passwords, made through the bindings.
    await page.evaluate(async (u) => {
      await window.go.main.App.SignUp({ username: u.username, email: u.email, password: u.password, first_name: 'Screen', last_name: 'Shots', number_phone: '' });
      const entries = [
        ['Bank of the Andes', 'https://online.bancodelosandes.example.com/personas/ingreso?canal=web&segmento=personas', 'maria.fernanda.gonzalez.restrepo@correo.example.com'],
        ['Mail', 'https://mail.example.com', 'screens'],
        ['A site with a very long name that does not fit in its column', 'https://very-long-subdomain.example.org/a/long/path?with=query', ''],
      ];
      for (const [name_pages, url, username] of entries) {
        await window.go.main.App.AddSavedPassword({ name_pages, url, username, password_saved: 'Tr0ub4dor&3-screens' });
      }
    }, user);

    await everyLook(page, async ({ t, shot }) => {
      const sidebar = page.getByRole('navigation').first();
      await sidebar.waitFor();
      const sections = sidebar.getByRole('button');
      await page.locator('[data-section="profile"] h1').waitFor();
      await shot('profile');
      await page.getByRole('button', { name: t.edit }).click();
      await page.locator('[data-section="profile"] form').first().waitFor();
      await shot('profile-edit');

      await page.getByRole('banner').getByRole('button', { name: new RegExp(`: ${user.username}$`) }).click();
      await page.getByRole('menu').waitFor();
      await shot('account-menu', { fullPage: false });
      await page.keyboard.press('Escape');

      await sections.nth(1).click();
      await page.locator('[data-section="vault"] h1').waitFor();
      await shot('vault');
      await page.getByRole('button', { name: t.add }).first().click();
      await page.getByRole('dialog').waitFor();
      await assertDialogFits(page, 'add password');
      await shot('vault-add', { fullPage: false });
      // Typed input is asked about before Esc drops it: the question over the dialog.
      await page.getByRole('dialog').getByRole('textbox').first().fill('draft');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').nth(1).waitFor();
      await shot('vault-add-discard', { fullPage: false });
      await page.getByRole('dialog').nth(1).getByRole('button', { name: t.discard }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // The details of the entry with the longest values (beside the list, or instead of it in a narrow window).
      await page.getByRole('button', { name: /^Bank of the Andes/ }).click();
      await page.getByRole('region', { name: 'Bank of the Andes' }).waitFor();
      await shot('vault-detail', { fullPage: false });
      await page.keyboard.press('Escape');

      await sections.nth(2).click();
      await page.locator('[data-section="settings"] h1').waitFor();
      await shot('settings');
      // Scrolled to its end: only the content moved, the header and the sidebar stay.
      await page.evaluate(() => {
        const content = document.querySelector('main').parentElement;
        content.scrollTop = content.scrollHeight;
      });
      await shot('settings-end', { fullPage: false });
      await page.getByRole('button', { name: t.delete }).click();
      await page.getByRole('dialog').waitFor();
      await assertDialogFits(page, 'delete account');
      await shot('delete-dialog', { fullPage: false });
      await page.getByRole('dialog').getByRole('button', { name: t.cancel }).click();

      await page.getByRole('button', { name: t.shortcuts }).click();
      await page.getByRole('dialog').waitFor();
      await shot('shortcuts', { fullPage: false });
      await page.keyboard.press('Escape');
      await sections.nth(0).click();
    });
  } finally {
    await page.evaluate(async (u) => {
      await window.go.main.App.SetAppearance({ theme: 'system', language: 'system' });
      await window.go.main.App.DeleteAccount(u.password, false).catch(() => undefined);
    }, user);
  }
}
