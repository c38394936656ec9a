// Steps the end-to-end scenarios share (not a scenario: run.mjs runs *.e2e.mjs only).

/** Opens a signed-in screen ("Profile", "Saved passwords", "Settings") from the sidebar. */
export async function openSection(page, name) {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: name === 'Profile' ? 'Your profile' : name }).waitFor();
}

/** Signs out through the account menu in the header. */
export async function signOut(page) {
  await page.getByRole('banner').getByRole('button', { name: /^Account: / }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
}
