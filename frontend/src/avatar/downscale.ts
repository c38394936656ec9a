/** Pictures longer than this on either side are downsized before sending. */
export const MAX_UPLOAD_SIDE = 1024;
const JPEG_QUALITY = 0.9;

export interface Size {
  width: number;
  height: number;
}

/**
 * The size to send a width×height picture at: unchanged when its longer side
 * is at most maxSide, otherwise scaled so the longer side is maxSide, keeping
 * the aspect ratio and never making a side 0.
 */
export function computeTargetSize(width: number, height: number, maxSide: number): Size {
  const longer = Math.max(width, height);
  if (!(longer > maxSide)) return { width, height };
  const scale = maxSide / longer;
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

interface Decoded extends Size {
  source: CanvasImageSource;
  release: () => void;
}

/** Decodes the picture in the webview (EXIF orientation applied); rejects when it cannot. */
async function decode(picture: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(picture);
    return { width: bitmap.width, height: bitmap.height, source: bitmap, release: () => bitmap.close() };
  }
  const url = URL.createObjectURL(picture);
  const release = () => URL.revokeObjectURL(url);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight, source: image, release };
  } catch (reason) {
    release();
    throw reason;
  }
}

/** Draws the picture at size and encodes it as JPEG; null when the canvas cannot. */
function drawAsJpeg(source: CanvasImageSource, size: Size): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) return Promise.resolve(null);
  // JPEG has no transparency: transparent areas become white, not black.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, size.width, size.height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size.width, size.height);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
}

/**
 * What to send for a chosen picture: a JPEG at most maxSide pixels a side when
 * the picture is bigger than that, otherwise the original bytes. Every file is
 * offered to the webview's decoder, whatever its name or declared type (a
 * renamed photo, a type the system does not know), so that no large picture
 * reaches the backend in full; only SVG is left alone, as the backend refuses
 * it and drawing it would turn it into an accepted JPEG. Whenever the webview
 * cannot decode or redraw the file, the original bytes are sent and the
 * backend, which checks the content, gives the precise reason. Never rejects.
 */
export async function downscalePicture(file: File, maxSide: number = MAX_UPLOAD_SIDE): Promise<Blob> {
  if (file.type.toLowerCase() === 'image/svg+xml') return file;
  let decoded: Decoded;
  try {
    decoded = await decode(file);
  } catch {
    return file;
  }
  try {
    const target = computeTargetSize(decoded.width, decoded.height, maxSide);
    if (target.width === decoded.width && target.height === decoded.height) return file;
    return (await drawAsJpeg(decoded.source, target)) ?? file;
  } catch {
    return file;
  } finally {
    decoded.release();
  }
}
