// The profile slice through the real Go bindings: sign up, edit in place,
// reload, a rejected edit, a double click on "Edit profile", the discard
// question at sign-out, sign out and in, delete the account.
import assert from 'node:assert/strict';
import { openSection, signOut } from './helpers.mjs';

export const name = 'profile: sign up → edit in place → reload → invalid phone → double click → discard? → sign out/in → delete';

const field = (scope, label) => scope.getByLabel(label, { exact: true });

async function expectProfileValue(page, label, value) {
  const term = page.locator('dt', { hasText: new RegExp(`^${label}$`) });
  await term.waitFor();
  const definition = term.locator('xpath=following-sibling::dd[1]');
  await definition.filter({ hasText: value }).waitFor();
}

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  const user = { username: `e2e_${id}`, email: `E2E.${id}@Example.com`, password: 'correct horse 42' };

  await page.goto('/');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Create an account' }).click();

  await page.getByRole('heading', { name: 'Create your account' }).waitFor();
  await field(page, 'Username').fill(user.username);
  await field(page, 'Email').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await field(page, 'First name').fill('Ana');
  await field(page, 'Last name').fill('Pérez 李');
  await field(page, 'Phone number').fill('3001234567');
  await page.getByRole('button', { name: 'Create account' }).click();

  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  await expectProfileValue(page, 'Username', user.username);
  await expectProfileValue(page, 'Email', user.email);
  await expectProfileValue(page, 'Last name', 'Pérez 李');
  await expectProfileValue(page, 'Phone number', '3001234567');

  // Edit first name and phone in place; the change survives a reload (it is in bbolt).
  await page.getByRole('button', { name: 'Edit profile' }).click();
  const editor = page.getByRole('form', { name: 'Edit profile' });
  // The values became the inputs: no read-only copy stays above them.
  assert.equal(await page.locator('dt').count(), 0);
  await field(editor, 'First name').fill('Ana María');
  await field(editor, 'Phone number').fill('+57 311-0000'); // separators are dropped
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Your profile was saved.' }).waitFor();
  await expectProfileValue(page, 'First name', 'Ana María');
  await expectProfileValue(page, 'Phone number', '+573110000');
  await page.getByText('Changed just now').waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  await expectProfileValue(page, 'First name', 'Ana María');
  await expectProfileValue(page, 'Phone number', '+573110000');

  // An 11-digit phone is refused: the editor stays open, the field says why
  // and has focus, the old value stays stored.
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await field(editor, 'Phone number').fill('311 000 000 01');
  await editor.getByRole('button', { name: 'Save changes' }).click();
  await editor
    .getByText('This number has too many digits. Use at most 10 digits (a leading + counts as one); spaces and dashes are removed.')
    .waitFor();
  assert.equal(await field(editor, 'Phone number').getAttribute('aria-invalid'), 'true');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
  assert.equal(await editor.getByRole('alert').count(), 0, 'a banner repeats the field error');
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expectProfileValue(page, 'Phone number', '+573110000');
  await page.reload();
  await expectProfileValue(page, 'Phone number', '+573110000');

  // A double click on every opener: doubleclick.e2e.mjs.
  await page.getByRole('button', { name: 'Edit profile' }).click();

  // Unsaved edits ask before sign-out; "Keep editing" keeps them.
  await field(editor, 'Last name').fill('Gómez');
  await signOut(page);
  const discard = page.getByRole('dialog', { name: 'Discard changes?' });
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  assert.equal(await field(editor, 'Last name').inputValue(), 'Gómez');
  await editor.getByRole('button', { name: 'Cancel' }).click();

  // Sign out, then back in with the username in another case.
  await signOut(page);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await field(page, 'Email or username').fill(user.username.toUpperCase());
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();

  // Delete the account: a wrong password is refused, the right one deletes.
  await openSection(page, 'Settings');
  await page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete account' });
  await dialog.waitFor();
  await field(dialog, 'Password').fill('not my password');
  await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
  await dialog.getByText('This password is not correct. Check it and try again.').waitFor();
  await field(dialog, 'Password').fill(user.password);
  await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByText('Your account was deleted.').waitFor();
  assert.equal(await page.getByText(/welcome/i).count(), 0, 'the sign-in screen greets a deleted account');

  // The account is gone: signing in with it fails like any unknown account,
  // and the deletion notice does not stay above that error.
  await field(page, 'Email or username').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
  assert.equal(await page.getByText('Your account was deleted.').count(), 0);
}
