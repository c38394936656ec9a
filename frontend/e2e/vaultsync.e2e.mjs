// Saved-password sync through the real Go bindings against the contract
// test server (E2E_REMOTE_URL): link, turn saved-password sync on, find an
// entry made on the "website" in the desktop list, find one made on the
// desktop on the server, then settle an entry edited on both sides with
// "Keep both" (axe scans the section with the conflict shown).
import assert from 'node:assert/strict';
import { scan } from './a11y.e2e.mjs';
import { openSection, signUp } from './helpers.mjs';

export const name = 'vault sync: enable → server entry on the desktop → desktop entry on the server → conflict kept both';

const field = (scope, label) => scope.getByLabel(label, { exact: true });

/** The service's own API, as its website uses it. */
async function api(remoteURL, path, { method = 'GET', token, body } = {}) {
  const res = await fetch(new URL(path, remoteURL), {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return res.status === 204 ? null : res.json();
}

async function serverPasswords(remoteURL, email) {
  const res = await fetch(new URL(`/_test/passwords?email=${encodeURIComponent(email)}`, remoteURL));
  return res.json();
}

/** Asks the server until ok holds; the minute guards against a hang, it is not a measure. */
async function untilServer(page, what, read, ok) {
  let last;
  for (const giveUp = Date.now() + 60_000; Date.now() < giveUp; ) {
    last = await read();
    if (ok(last)) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what}: the server has ${JSON.stringify(last)}`);
}

const openVault = (page) => openSection(page, 'Saved passwords');
const openSettings = (page) => openSection(page, 'Settings');

export default async function run(page) {
  const remoteURL = process.env.E2E_REMOTE_URL;
  assert.ok(remoteURL, 'E2E_REMOTE_URL is not set: scripts/e2e.sh starts the contract test server and sets it');
  const serverPassword = 'server pass 42';
  const user = await signUp(page, 'vsync');
  await openSettings(page);

  const sync = page.getByRole('region', { name: 'Sync with the web service' });
  await field(sync, 'Server address').fill(remoteURL);
  await sync.getByRole('radio', { name: /Create an account on the server/ }).check();
  await field(sync, 'Password on the server').fill(serverPassword);
  await sync.getByRole('button', { name: 'Link' }).click();
  await sync.getByText(`Linked to ${user.email} on ${remoteURL}`).waitFor();

  // The website saves a password (its answer is a bare string, no id).
  const web = await api(remoteURL, 'sign-in/', { method: 'POST', body: { email: user.email, password: serverPassword } });
  await api(remoteURL, 'save-passwords/', {
    method: 'POST', token: web.access,
    body: { name_pages: 'Web mail', url: 'https://mail.example.com', password_saved: 'w3b-pass', user: web.user.id },
  });

  // Turn saved-password sync on: off by default, beside the warning.
  const vaultSync = page.getByRole('region', { name: 'Saved passwords' });
  const toggle = vaultSync.getByRole('checkbox', { name: 'Sync saved passwords with the server too' });
  assert.equal(await toggle.isChecked(), false, 'saved-password sync must be off by default');
  await vaultSync.getByText(/stores saved passwords unencrypted/).waitFor();
  await toggle.check();
  await vaultSync.getByText('On: saved passwords are in step with the server.').waitFor();

  // The server's entry is in the desktop list.
  await openVault(page);
  await page.getByRole('button', { name: /^Web mail\s*,/ }).click();
  await page.getByRole('region', { name: 'Web mail' }).getByRole('button', { name: 'Show password for Web mail' }).click();
  await page.getByRole('region', { name: 'Web mail' }).getByText('w3b-pass').waitFor();

  // One made on the desktop reaches the server.
  await page.getByRole('button', { name: 'Add password' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add password' });
  await field(dialog, 'Name').fill('Desk bank');
  await field(dialog, 'Address (URL)').fill('https://bank.example.org');
  await field(dialog, 'Password').fill('d3sk-pass');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });
  await untilServer(page, 'the desktop entry', () => serverPasswords(remoteURL, user.email),
    (list) => list.some((p) => p.name_pages === 'Desk bank' && p.password_saved === 'd3sk-pass'));

  // Web mail is renamed on the website, then here: a conflict.
  const onServer = (await serverPasswords(remoteURL, user.email)).find((p) => p.name_pages === 'Web mail');
  await api(remoteURL, `view-all-saved-passwords/${onServer.id}/update/`, { method: 'PUT', token: web.access, body: { name_pages: 'Server mail' } });
  await page.getByRole('button', { name: 'More actions for Web mail' }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: 'Edit' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit password' });
  await field(dialog, 'Name').fill('My mail');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });

  await openSettings(page);
  const conflicts = vaultSync.getByRole('region', { name: 'Saved passwords changed in both places' });
  const item = conflicts.getByRole('listitem').filter({ hasText: 'Server mail' });
  await item.getByText('My mail').first().waitFor();
  await scan(page, 'saved-password sync with a conflict', 'light');
  await item.getByRole('button', { name: 'Keep both' }).click();
  await conflicts.waitFor({ state: 'detached' });

  // Both versions end up on both sides.
  await untilServer(page, 'both versions', () => serverPasswords(remoteURL, user.email),
    (list) => ['My mail', 'Server mail', 'Desk bank'].every((n) => list.some((p) => p.name_pages === n)));
  await openVault(page);
  await page.getByRole('button', { name: 'More actions for My mail' }).waitFor();
  await page.getByRole('button', { name: 'More actions for Server mail' }).waitFor();
}
