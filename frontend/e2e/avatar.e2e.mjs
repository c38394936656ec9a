// Avatars through the real Go bindings: upload a JPEG, see it, keep it
// across a reload, refuse a text file without losing it, remove it.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { signOut } from './helpers.mjs';

export const name = 'avatar: upload → shown → reload → bad file refused, old kept → remove';

const here = path.dirname(fileURLToPath(import.meta.url));
const field = (scope, label) => scope.getByLabel(label, { exact: true });

async function avatarSrc(page) {
  const img = page.getByRole('img', { name: 'Your profile picture' });
  await img.waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector('img[alt="Your profile picture"]');
    return el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0 && el.src.includes('/media/avatars/');
  });
  return img.getAttribute('src');
}

export default async function run(page) {
  const id = Math.random().toString(36).slice(2, 8);
  await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await field(page, 'Username').fill(`avatar_${id}`);
  await field(page, 'Email').fill(`avatar.${id}@example.com`);
  await field(page, 'Password').fill('correct horse 42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();

  await field(page, 'Profile picture').setInputFiles(path.join(here, 'fixtures', 'portrait.jpg'));
  const first = await avatarSrc(page);

  await page.reload();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  if ((await avatarSrc(page)) !== first) throw new Error('the avatar changed across a reload');

  await field(page, 'Profile picture').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('just some text, not a picture') });
  await page.getByRole('alert').filter({ hasText: /not in a supported format|could not be read|not a picture/i }).waitFor();
  if ((await avatarSrc(page)) !== first) throw new Error('a refused upload replaced the avatar');

  await page.getByRole('button', { name: 'Remove picture' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove profile picture' });
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('img', { name: 'Your profile picture' }).waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { name: 'Your profile' }).waitFor();
  if (await page.getByRole('img', { name: 'Your profile picture' }).count()) throw new Error('the avatar came back after removal');

  // The session lives in the Go app, shared by every scenario: leave signed out.
  await signOut(page);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}
