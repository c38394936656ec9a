// Planning and redrawing a chosen picture, on any surface: the window's
// canvas or a worker's OffscreenCanvas (downscale.ts, downscale.worker.ts).

/** Pictures longer than this on either side are redrawn before sending. */
export const MAX_UPLOAD_SIDE = 1024;
/**
 * The side of the square sent for such a picture: the backend's avatar
 * size, so that it keeps every pixel it gets and resizes nothing.
 */
export const UPLOAD_SQUARE = 512;
/** High enough that the backend's own re-encoding (quality 85) decides what is lost. */
export const JPEG_QUALITY = 0.92;

export interface Size {
  width: number;
  height: number;
}

/** What to draw: the source square at (x, y) of side size, at side pixels. */
export interface SquarePlan {
  x: number;
  y: number;
  size: number;
  side: number;
}

/**
 * The centre square of a width×height picture (the backend keeps the centre
 * square too, so nothing it would keep is lost), drawn at most UPLOAD_SQUARE
 * pixels a side; null when the picture is at most maxSide on both sides and
 * goes as it is.
 */
export function planSquare(width: number, height: number, maxSide: number = MAX_UPLOAD_SIDE): SquarePlan | null {
  if (!(Math.max(width, height) > maxSide)) return null;
  const size = Math.min(width, height);
  return {
    x: Math.floor((width - size) / 2),
    y: Math.floor((height - size) / 2),
    size,
    side: Math.max(1, Math.min(size, UPLOAD_SQUARE)),
  };
}

export interface Decoded extends Size {
  source: CanvasImageSource;
  release: () => void;
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Where a picture is decoded and redrawn: the window, or a worker. */
export interface Surface {
  /** Decodes the picture (EXIF orientation applied); rejects when it cannot. */
  decode: (picture: Blob) => Promise<Decoded>;
  /** A side×side canvas: its 2D context (null when there is none) and its JPEG encoder. */
  canvas: (side: number) => { context: Context2D | null; toJpeg: () => Promise<Blob | null> };
}

/**
 * What came of redrawing: the JPEG to send; "original" when the file goes as
 * it is (small enough, or not decodable here, so the backend says why);
 * "unsupported" when this surface cannot draw (a worker without a 2D
 * OffscreenCanvas), so the window should try.
 */
export type Shrunk = { kind: 'jpeg'; blob: Blob } | { kind: 'original' } | { kind: 'unsupported' };

/** Decodes, plans and redraws picture on surface. Never rejects. */
export async function shrinkOn(surface: Surface, picture: Blob, maxSide: number = MAX_UPLOAD_SIDE): Promise<Shrunk> {
  let decoded: Decoded;
  try {
    decoded = await surface.decode(picture);
  } catch {
    return { kind: 'original' };
  }
  try {
    const plan = planSquare(decoded.width, decoded.height, maxSide);
    if (!plan) return { kind: 'original' };
    const { context, toJpeg } = surface.canvas(plan.side);
    if (!context) return { kind: 'unsupported' };
    // JPEG has no transparency: transparent areas become white, not black.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, plan.side, plan.side);
    context.imageSmoothingQuality = 'high';
    context.drawImage(decoded.source, plan.x, plan.y, plan.size, plan.size, 0, 0, plan.side, plan.side);
    const blob = await toJpeg();
    return blob ? { kind: 'jpeg', blob } : { kind: 'original' };
  } catch {
    return { kind: 'original' };
  } finally {
    decoded.release();
  }
}

/** Decodes with createImageBitmap where there is one (a worker always has it). */
export async function decodeBitmap(picture: Blob): Promise<Decoded> {
  const bitmap = await createImageBitmap(picture);
  return { width: bitmap.width, height: bitmap.height, source: bitmap, release: () => bitmap.close() };
}

/** The worker's surface: an OffscreenCanvas, whose 2D context some webviews lack. */
export const workerSurface: Surface = {
  decode: decodeBitmap,
  canvas(side) {
    const canvas = new OffscreenCanvas(side, side);
    return {
      context: canvas.getContext('2d'),
      toJpeg: () => canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY }),
    };
  },
};
