// Saved passwords through the real Go bindings: generate, save, search,
// copy, edit, delete; then deleting the account takes the vault with it.
import assert from 'node:assert/strict';
import { openSection, signOut } from './helpers.mjs';

export const name = 'saved passwords: generate → save → search → copy → edit → delete; account deletion empties the vault';

const field = (scope, label) => scope.getByLabel(label, { exact: true });

async function signUp(page, user) {
  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Create an account' }).click();
  await field(page, 'Username').fill(user.username);
  await field(page, 'Email').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
}

const openVault = (page) => openSection(page, 'Saved passwords');

async function addEntry(page, entry, { generate = false } = {}) {
  await page.getByRole('button', { name: 'Add password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add password' });
  await dialog.waitFor();
  await field(dialog, 'Name').fill(entry.name);
  await field(dialog, 'Address (URL)').fill(entry.url);
  if (generate) {
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await dialog.getByText(/Strength: \d+ bits/).waitFor();
    const generated = await field(dialog, 'Password').inputValue();
    assert.equal(generated.length, 10, `the standard generator makes 10 characters, got ${JSON.stringify(generated)}`);
  } else {
    await field(dialog, 'Password').fill(entry.password);
  }
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });
}

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `vault_${id}`, email: `vault.${id}@example.com`, password: 'correct horse 42' };
  await signUp(page, user);
  await openVault(page);
  await page.getByText('No saved passwords yet.').waitFor();

  // A bad address is refused with the field's message; the dialog stays.
  await page.getByRole('button', { name: 'Add password' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add password' });
  await field(dialog, 'Address (URL)').fill('not a url');
  await field(dialog, 'Password').fill('x');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.getByText('must be a valid http or https address').waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await addEntry(page, { name: 'Mail', url: 'https://mail.example.com' }, { generate: true });
  await addEntry(page, { name: 'Bank', url: 'https://bank.example.org', password: 'b4nk-S3cret!' });
  const rows = page.getByRole('list').getByRole('listitem');
  assert.equal(await rows.count(), 2);

  // Search narrows the list to the bank.
  await field(page, 'Search saved passwords').fill('bank');
  await page.waitForFunction(() => document.querySelectorAll('ul li').length === 1);
  await page.getByRole('button', { name: 'Show password for Bank' }).click();
  await page.getByText('b4nk-S3cret!').waitFor();
  await page.getByRole('button', { name: 'Copy password for Bank' }).click();
  await page.getByText(/Copied/).waitFor();

  // Edit the bank's password; showing it again shows the new one.
  await page.getByRole('button', { name: 'Edit Bank' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit password' });
  await dialog.waitFor();
  assert.equal(await field(dialog, 'Password').inputValue(), 'b4nk-S3cret!');
  await field(dialog, 'Password').fill('n3w-B4nk-pass');
  await dialog.getByRole('button', { name: 'Save password' }).click();
  await dialog.waitFor({ state: 'detached' });
  const show = page.getByRole('button', { name: 'Show password for Bank' });
  if (await show.count()) await show.click();
  await page.getByText('n3w-B4nk-pass').waitFor();

  // Delete it after confirming.
  await page.getByRole('button', { name: 'Delete Bank' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete saved password' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Nothing matches your search.').waitFor();
  await field(page, 'Search saved passwords').fill('');
  await page.waitForFunction(() => document.querySelectorAll('ul li').length === 1);

  // Deleting the account takes the vault along: the same email signs up to an empty vault.
  await openSection(page, 'Settings');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const del = page.getByRole('dialog', { name: 'Delete account' });
  await field(del, 'Password').fill(user.password);
  await del.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByText('Your account was deleted.').waitFor();
  await signUp(page, user);
  await openVault(page);
  await page.getByText('No saved passwords yet.').waitFor();

  // The session lives in the Go app, shared by every scenario: leave signed out.
  await signOut(page);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}
