import { describe, expect, it } from 'vitest';
import { checkPicture, MAX_PICTURE_BYTES, toBase64 } from './pictureFile';

describe('checkPicture', () => {
  it('refuses declared types that are not images', () => {
    expect(checkPicture({ type: 'text/plain', size: 10 })).toBe('notImage');
    expect(checkPicture({ type: 'application/pdf', size: 10 })).toBe('notImage');
  });

  it('lets images, and files of unknown type, through to the backend', () => {
    expect(checkPicture({ type: 'image/png', size: 10 })).toBeNull();
    expect(checkPicture({ type: 'IMAGE/JPEG', size: 10 })).toBeNull();
    expect(checkPicture({ type: 'image/svg+xml', size: 10 })).toBeNull();
    expect(checkPicture({ type: '', size: 10 })).toBeNull();
  });

  it('refuses files over 10 MiB, not at exactly 10 MiB', () => {
    expect(MAX_PICTURE_BYTES).toBe(10 * 1024 * 1024);
    expect(checkPicture({ type: 'image/png', size: MAX_PICTURE_BYTES })).toBeNull();
    expect(checkPicture({ type: 'image/png', size: MAX_PICTURE_BYTES + 1 })).toBe('tooLarge');
  });
});

describe('toBase64', () => {
  it('gives the bytes as standard base64 without the data URL prefix', async () => {
    const bytes = new Uint8Array(256 * 3);
    bytes.forEach((_, i) => {
      bytes[i] = i % 256;
    });
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    await expect(toBase64(new Blob([bytes], { type: 'image/png' }))).resolves.toBe(btoa(binary));
  });

  it('gives an empty string for an empty file', async () => {
    await expect(toBase64(new Blob([]))).resolves.toBe('');
  });
});
