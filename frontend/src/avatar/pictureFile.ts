/** The picture formats the backend accepts (it decides by content, not by this list). */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/bmp'] as const;

/** The file chooser's accept attribute. */
export const ACCEPT_ATTRIBUTE = ACCEPTED_TYPES.join(',');

/** The backend's size limit for a picture file. */
export const MAX_PICTURE_MIB = 10;
export const MAX_PICTURE_BYTES = MAX_PICTURE_MIB * 1024 * 1024;

export type PictureProblem = 'notImage' | 'tooLarge';

/**
 * A quick look before anything is sent: a declared type that is not an image
 * at all, or a file over the size limit. It is only a courtesy: the declared
 * type may lie (a text file called notes.jpg is "image/jpeg"), so a file that
 * passes is still judged by the backend, which looks at its bytes. An unknown
 * type ("") or an unsupported image type (e.g. SVG) also goes to the backend,
 * whose message names the supported formats.
 */
export function checkPicture(file: Pick<Blob, 'type' | 'size'>): PictureProblem | null {
  if (file.type !== '' && !file.type.toLowerCase().startsWith('image/')) return 'notImage';
  if (file.size > MAX_PICTURE_BYTES) return 'tooLarge';
  return null;
}

/** The blob's bytes as standard base64 (a data URL without its "data:…;base64," prefix). */
export function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = typeof reader.result === 'string' ? reader.result : '';
      const comma = dataUrl.indexOf(',');
      // An empty blob may read as just "data:": no bytes, so nothing to send.
      resolve(comma === -1 ? '' : dataUrl.slice(comma + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The picture could not be read.'));
    reader.readAsDataURL(blob);
  });
}
