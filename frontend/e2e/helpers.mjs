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

/**
 * Buttons whose text runs onto a second line: taller than one line of their
 * own font plus padding and borders. Returns their texts;
 * `within` narrows the search to one part of the page.
 */
export const wrappedButtons = (page, within = 'body') =>
  page.evaluate((selector) =>
    [...document.querySelectorAll(`${selector} button`)]
      .filter((button) => button.offsetParent !== null && button.textContent.trim() !== '')
      .filter((button) => {
        const style = getComputedStyle(button);
        const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.25;
        const chrome = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'].reduce((sum, p) => sum + parseFloat(style[p]), 0);
        return button.getBoundingClientRect().height > chrome + line * 1.6;
      })
      .map((button) => button.textContent.trim()),
  within);
