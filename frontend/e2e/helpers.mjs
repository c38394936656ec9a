// Steps the end-to-end scenarios share (not a scenario: run.mjs runs *.e2e.mjs only).

const field = (scope, label) => scope.getByLabel(label, { exact: true });

/**
 * Signs up through the form and waits for the profile: as `who` (a user
 * {username, email, password}), or as a new user named `who`_<random>.
 * Returns the user.
 */
export async function signUp(page, who) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = typeof who === 'string' ? { username: `${who}_${id}`, email: `${who}.${id}@example.com`, password: 'correct horse 42' } : who;
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await field(page, 'Username').fill(user.username);
  await field(page, 'Email').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  return user;
}

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
 * Buttons whose text does not fit: a run of text laid out on more than one
 * line (a button may show name and address on lines of their own by design;
 * each of those must still fit its line), or content wider than the button
 * (a label spilling out). Returns their texts; `within` narrows the search
 * to one part of the page.
 */
export const wrappedButtons = (page, within = 'body') =>
  page.evaluate((selector) => {
    const wraps = (button) => {
      const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.textContent.trim() === '') continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) return true;
      }
      return false;
    };
    return [...document.querySelectorAll(`${selector} button`)]
      .filter((button) => button.offsetParent !== null && (wraps(button) || button.scrollWidth > button.clientWidth + 1))
      .map((button) => button.textContent.trim());
  }, within);
