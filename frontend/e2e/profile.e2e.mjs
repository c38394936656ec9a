// The profile slice through the real Go bindings: sign up, edit, reload,
// a rejected edit, sign out and in, delete the account.
import assert from 'node:assert/strict';
import { openSection, signOut } from './helpers.mjs';

export const name = 'profile: sign up → edit → reload → invalid phone → sign out/in → delete';

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

  // Edit first name and phone; the change survives a reload (it is in bbolt).
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await field(page, 'First name').fill('Ana María');
  await field(page, 'Phone number').fill('+57 311-0000'); // separators are dropped
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expectProfileValue(page, 'First name', 'Ana María');
  await expectProfileValue(page, 'Phone number', '+573110000');
  await page.reload();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  await expectProfileValue(page, 'First name', 'Ana María');
  await expectProfileValue(page, 'Phone number', '+573110000');

  // An 11-digit phone is refused: the field shows why, the old value stays.
  await page.getByRole('button', { name: 'Edit profile' }).click();
  await field(page, 'Phone number').fill('31100000001');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('has too many digits: at most 10, counting a leading +').waitFor();
  assert.equal(await field(page, 'Phone number').getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expectProfileValue(page, 'Phone number', '+573110000');
  await page.reload();
  await expectProfileValue(page, 'Phone number', '+573110000');

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
  await dialog.getByText('is not correct').waitFor();
  await field(dialog, 'Password').fill(user.password);
  await dialog.getByRole('button', { name: 'Delete my account permanently' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByText('Your account was deleted.').waitFor();

  // The account is gone: signing in with it fails like any unknown account.
  await field(page, 'Email or username').fill(user.email);
  await field(page, 'Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
}
