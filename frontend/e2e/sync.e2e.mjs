// Sync through the real Go bindings against the contract test server that
// scripts/e2e.sh starts (E2E_REMOTE_URL): link in Settings by creating the
// server account, edit the profile, see "Synced", find the edit on the
// server; then delete both accounts.
import assert from 'node:assert/strict';
import { openSection, signUp } from './helpers.mjs';

export const name = 'sync: link → edit → synced → server has it → delete both';

const field = (scope, label) => scope.getByLabel(label, { exact: true });

async function serverAccount(remoteURL, email) {
  const res = await fetch(new URL(`/_test/account?email=${encodeURIComponent(email)}`, remoteURL));
  return res.status === 404 ? null : res.json();
}

export default async function run(page) {
  const remoteURL = process.env.E2E_REMOTE_URL;
  assert.ok(remoteURL, 'E2E_REMOTE_URL is not set: scripts/e2e.sh starts the contract test server and sets it');
  const user = await signUp(page, 'sync');
  const header = page.getByRole('banner');
  // The header's sync state: a button opening Settings → Sync, and a live region.
  const syncState = (text) => header.getByRole('status').filter({ hasText: text });
  await syncState('Sync off').waitFor();
  await header.getByRole('button', { name: /^Sync: Sync off/ }).click();

  // Link: create the server account from this profile.
  const sync = page.getByRole('region', { name: 'Sync with the web service' });
  await field(sync, 'Server address').fill(remoteURL);
  await sync.getByRole('radio', { name: /Create an account on the server/ }).check();
  assert.equal(await field(sync, 'Email on the server').inputValue(), user.email);
  await field(sync, 'Password on the server').fill('server pass 42');
  await sync.getByRole('button', { name: 'Link' }).click();
  await sync.getByText(`Linked to ${user.email} on ${remoteURL}`).waitFor();
  await syncState(/Synced at /).waitFor();
  assert.equal((await serverAccount(remoteURL, user.email))?.username, user.username);

  // Edit the first name: it reaches the server, and the badge says so.
  await openSection(page, 'Profile');
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await field(page, 'First name').fill('Sincronizada');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await syncState(/Synced at /).waitFor();
  // The badge said "Synced" before the edit too, so the server is asked until
  // the edit is there; the minute is a guard against a hang, not a measure.
  let remote = null;
  for (const giveUp = Date.now() + 60_000; remote?.first_name !== 'Sincronizada' && Date.now() < giveUp; ) {
    remote = await serverAccount(remoteURL, user.email);
    if (remote?.first_name !== 'Sincronizada') await page.waitForTimeout(100);
  }
  assert.equal(remote?.first_name, 'Sincronizada', 'the edit did not reach the server');
  await syncState(/Synced at /).waitFor();

  // Delete the account and, as asked, the server account too.
  await openSection(page, 'Settings');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete account' });
  await dialog.getByRole('checkbox', { name: 'Also delete my account on the server' }).check();
  await field(dialog, 'Password').fill(user.password);
  await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByText('Your account was deleted.').waitFor();
  assert.equal(await serverAccount(remoteURL, user.email), null, 'the server account was not deleted');
}
