import { decodeBitmap, JPEG_QUALITY, MAX_UPLOAD_SIDE, shrinkOn, type Shrunk, type Surface } from './shrink';

export { MAX_UPLOAD_SIDE, UPLOAD_SQUARE, planSquare } from './shrink';

/** The window's surface: a canvas element, decoding through an <img> where createImageBitmap is missing. */
const windowSurface: Surface = {
  async decode(picture) {
    if (typeof createImageBitmap === 'function') return decodeBitmap(picture);
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
  },
  canvas(side) {
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    return {
      context: canvas.getContext('2d'),
      toJpeg: () => new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY)),
    };
  },
};

/**
 * Whether this webview can decode and redraw in a worker (OffscreenCanvas
 * with convertToBlob; whether it has a 2D context is only known in the
 * worker, which answers "unsupported" otherwise).
 */
export function workerCanShrink(): boolean {
  return (
    typeof Worker === 'function' &&
    typeof OffscreenCanvas === 'function' &&
    typeof OffscreenCanvas.prototype.convertToBlob === 'function' &&
    typeof createImageBitmap === 'function'
  );
}

interface Pending {
  resolve: (result: Shrunk) => void;
}

/**
 * The worker, started on the first large picture and kept for the next
 * ones (starting it costs more than an idle one holds); each request
 * carries an id its answer names.
 */
let shrinker: { worker: Worker; pending: Map<number, Pending>; next: number } | null = null;

/** Ends the worker, answering whatever it still had with "unsupported". */
function dropShrinker() {
  if (!shrinker) return;
  shrinker.worker.terminate();
  for (const { resolve } of shrinker.pending.values()) resolve({ kind: 'unsupported' });
  shrinker = null;
}

/**
 * Shrinks picture in the worker, so that decoding a large photo never holds
 * up the window; "unsupported" when the worker cannot start, load or draw.
 */
function shrinkInWorker(picture: Blob, maxSide: number): Promise<Shrunk> {
  if (!shrinker) {
    try {
      const worker = new Worker(new URL('./downscale.worker.ts', import.meta.url), { type: 'module' });
      const started = { worker, pending: new Map<number, Pending>(), next: 1 };
      worker.onmessage = (event: MessageEvent<{ id: number; result: Shrunk }>) => {
        started.pending.get(event.data.id)?.resolve(event.data.result);
        started.pending.delete(event.data.id);
      };
      // A worker script that cannot load or run ends every wait, and is
      // started anew for the next picture.
      worker.onerror = dropShrinker;
      worker.onmessageerror = dropShrinker;
      shrinker = started;
    } catch {
      return Promise.resolve({ kind: 'unsupported' });
    }
  }
  const { worker, pending } = shrinker;
  const id = shrinker.next++;
  return new Promise((resolve) => {
    pending.set(id, { resolve });
    worker.postMessage({ id, picture, maxSide });
  });
}

/**
 * What to send for a chosen picture: when it is larger than maxSide on a
 * side, its centre square redrawn as a JPEG of at most UPLOAD_SQUARE pixels
 * a side; otherwise the original bytes. The decoding and redrawing happen in
 * a worker where the webview can (see workerCanShrink), else in the window.
 * Every file is offered to the webview's decoder, whatever its name or
 * declared type (a renamed photo, a type the system does not know), so that
 * no large picture reaches the backend in full; only SVG is left alone, as
 * the backend refuses it and drawing it would turn it into an accepted JPEG.
 * Whenever the webview cannot decode or redraw the file, the original bytes
 * are sent and the backend, which checks the content, gives the precise
 * reason. Never rejects.
 */
export async function downscalePicture(file: File, maxSide: number = MAX_UPLOAD_SIDE): Promise<Blob> {
  if (file.type.toLowerCase() === 'image/svg+xml') return file;
  let result: Shrunk = { kind: 'unsupported' };
  if (workerCanShrink()) result = await shrinkInWorker(file, maxSide);
  if (result.kind === 'unsupported') result = await shrinkOn(windowSurface, file, maxSide);
  return result.kind === 'jpeg' ? result.blob : file;
}
