// Look and language through the real bindings: switching to Spanish changes
// the visible text and a backend error message; the dark theme override
// changes the page's colours. The preferences are global (no sign-in), so
// they are put back to "system" however the scenario ends.
import assert from 'node:assert/strict';

export const name = 'appearance: language switch (texts and an error) and theme override';

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

export default async function run(page) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  try {
    const footer = page.getByRole('contentinfo');

    // Spanish: the texts, and the backend's "wrong email or password".
    await footer.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    await page.getByLabel('Correo o nombre de usuario', { exact: true }).fill(`nobody.${Date.now()}@example.com`);
    await page.getByLabel('Contraseña', { exact: true }).fill('not a password 42');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('alert').filter({ hasText: 'Correo o contraseña incorrectos.' }).waitFor();

    // The choice is stored: a reload keeps it.
    await page.reload();
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();

    // Dark theme over a light OS: other colours.
    const light = await background(page);
    await footer.getByLabel('Tema').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const dark = await background(page);
    assert.notEqual(dark, light, 'the dark theme did not change the page background');

    await footer.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  } finally {
    await page.evaluate(() => window.go.main.App.SetAppearance({ theme: 'system', language: 'system' }));
  }
}
