import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downscalePicture, MAX_UPLOAD_SIDE, planSquare, UPLOAD_SQUARE } from './downscale';
import { JPEG_QUALITY, shrinkOn, workerSurface, type Shrunk, type Surface } from './shrink';

describe('planSquare', () => {
  it('takes the centre square of a large picture, drawn at the backend’s avatar size', () => {
    expect(planSquare(4000, 3000)).toEqual({ x: 500, y: 0, size: 3000, side: UPLOAD_SQUARE });
    expect(planSquare(3000, 4000)).toEqual({ x: 0, y: 500, size: 3000, side: UPLOAD_SQUARE });
    expect(planSquare(2048, 2048)).toEqual({ x: 0, y: 0, size: 2048, side: UPLOAD_SQUARE });
    expect(planSquare(4001, 3000)).toEqual({ x: 500, y: 0, size: 3000, side: UPLOAD_SQUARE });
  });

  it('never draws a square larger than the picture holds', () => {
    expect(planSquare(5000, 300)).toEqual({ x: 2350, y: 0, size: 300, side: 300 });
    expect(planSquare(1, 5000)).toEqual({ x: 0, y: 2499, size: 1, side: 1 });
  });

  it('leaves pictures within the limit as they are', () => {
    expect(MAX_UPLOAD_SIDE).toBe(1024);
    expect(planSquare(800, 600)).toBeNull();
    expect(planSquare(1024, 300)).toBeNull();
    expect(planSquare(1025, 300)).not.toBeNull();
  });
});

/** A surface whose decoder gives a width×height bitmap and whose canvas records what was drawn. */
function fakeSurface(width: number, height: number) {
  const close = vi.fn();
  const drawImage = vi.fn();
  const bitmap = { width, height };
  const drawn: { side: number | null } = { side: null };
  const surface: Surface = {
    decode: vi.fn(async () => ({ width, height, source: bitmap as unknown as ImageBitmap, release: close })),
    canvas: vi.fn((side: number) => {
      drawn.side = side;
      const context = { fillStyle: '', imageSmoothingQuality: 'low', fillRect: vi.fn(), drawImage };
      return { context: context as unknown as CanvasRenderingContext2D, toJpeg: async () => new Blob(['jpeg'], { type: 'image/jpeg' }) };
    }),
  };
  return { surface, close, drawImage, bitmap, drawn };
}

describe('shrinkOn', () => {
  const photo = new Blob(['original bytes'], { type: 'image/jpeg' });

  it('draws the centre square at 512 px and releases the decoded picture', async () => {
    const { surface, close, drawImage, bitmap, drawn } = fakeSurface(4000, 3000);
    const result = await shrinkOn(surface, photo);
    expect(result.kind).toBe('jpeg');
    expect(drawn.side).toBe(UPLOAD_SQUARE);
    expect(drawImage).toHaveBeenCalledWith(bitmap, 500, 0, 3000, 3000, 0, 0, 512, 512);
    expect(close).toHaveBeenCalled();
  });

  it('answers "original" for a small picture or one it cannot decode or encode', async () => {
    const small = fakeSurface(800, 600);
    await expect(shrinkOn(small.surface, photo)).resolves.toEqual({ kind: 'original' });
    expect(small.close).toHaveBeenCalled();

    const undecodable = fakeSurface(4000, 3000);
    undecodable.surface.decode = () => Promise.reject(new DOMException('bad image', 'InvalidStateError'));
    await expect(shrinkOn(undecodable.surface, photo)).resolves.toEqual({ kind: 'original' });

    const noEncoder = fakeSurface(4000, 3000);
    const canvas = noEncoder.surface.canvas;
    noEncoder.surface.canvas = (side) => ({ ...canvas(side), toJpeg: async () => null });
    await expect(shrinkOn(noEncoder.surface, photo)).resolves.toEqual({ kind: 'original' });
    expect(noEncoder.close).toHaveBeenCalled();
  });

  it('answers "unsupported" when the surface has no 2D context', async () => {
    const { surface, close } = fakeSurface(4000, 3000);
    surface.canvas = () => ({ context: null, toJpeg: async () => null });
    await expect(shrinkOn(surface, photo)).resolves.toEqual({ kind: 'unsupported' });
    expect(close).toHaveBeenCalled();
  });
});

describe('workerSurface', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('draws on an OffscreenCanvas of the side asked and encodes it as JPEG', async () => {
    const made: { width: number; height: number }[] = [];
    const convertToBlob = vi.fn(async (options: ImageEncodeOptions) => new Blob(['x'], { type: options.type }));
    const context = {};
    vi.stubGlobal(
      'OffscreenCanvas',
      class {
        constructor(width: number, height: number) {
          made.push({ width, height });
        }
        getContext() {
          return context;
        }
        convertToBlob = convertToBlob;
      },
    );
    const { context: got, toJpeg } = workerSurface.canvas(512);
    expect(got).toBe(context);
    expect(made).toEqual([{ width: 512, height: 512 }]);
    expect((await toJpeg())?.type).toBe('image/jpeg');
    expect(convertToBlob).toHaveBeenCalledWith({ type: 'image/jpeg', quality: JPEG_QUALITY });
  });
});

describe('downscalePicture', () => {
  const close = vi.fn();
  const drawImage = vi.fn();
  let bitmap: { width: number; height: number; close: () => void };
  let canvasSize: { width: number; height: number } | null;

  function stubDecoder(width: number, height: number) {
    bitmap = { width, height, close };
    vi.stubGlobal('createImageBitmap', vi.fn(async () => bitmap));
  }

  beforeEach(() => {
    close.mockReset();
    drawImage.mockReset();
    canvasSize = null;
    const context = { fillStyle: '', imageSmoothingQuality: 'low', fillRect: vi.fn(), drawImage };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as never);
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation(function (
      this: HTMLCanvasElement,
      callback: BlobCallback,
      type?: string,
    ) {
      canvasSize = { width: this.width, height: this.height };
      callback(new Blob(['jpeg bytes'], { type }));
    });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const photo = () => new File(['original bytes'], 'photo.jpg', { type: 'image/jpeg' });

  describe('in the window (no OffscreenCanvas)', () => {
    it('redraws a large picture’s centre square at 512 px as a JPEG', async () => {
      stubDecoder(4000, 3000);
      const file = photo();
      const sent = await downscalePicture(file);

      expect(sent).not.toBe(file);
      expect(sent.type).toBe('image/jpeg');
      expect(canvasSize).toEqual({ width: UPLOAD_SQUARE, height: UPLOAD_SQUARE });
      expect(drawImage).toHaveBeenCalledWith(bitmap, 500, 0, 3000, 3000, 0, 0, 512, 512);
      expect(HTMLCanvasElement.prototype.toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/jpeg', JPEG_QUALITY);
      expect(close).toHaveBeenCalled();
    });

    it('sends a picture within the limit as it is', async () => {
      stubDecoder(800, 600);
      const file = photo();
      await expect(downscalePicture(file)).resolves.toBe(file);
      expect(HTMLCanvasElement.prototype.toBlob).not.toHaveBeenCalled();
      expect(close).toHaveBeenCalled();
    });

    it('sends the original bytes when the webview cannot decode the file', async () => {
      vi.stubGlobal('createImageBitmap', vi.fn(async () => Promise.reject(new DOMException('bad image', 'InvalidStateError'))));
      const file = photo();
      await expect(downscalePicture(file)).resolves.toBe(file);
    });

    it('sends the original bytes when the canvas cannot draw or encode', async () => {
      stubDecoder(4000, 3000);
      vi.mocked(HTMLCanvasElement.prototype.toBlob).mockImplementation((callback: BlobCallback) => callback(null));
      const file = photo();
      await expect(downscalePicture(file)).resolves.toBe(file);

      vi.mocked(HTMLCanvasElement.prototype.getContext).mockReturnValue(null);
      await expect(downscalePicture(file)).resolves.toBe(file);
    });

    it.each([
      ['a photo renamed without an extension (no declared type)', 'photo', ''],
      ['a photo whose name claims a type the backend does not take', 'photo.heic', 'image/heic'],
      ['a PNG named .jpg', 'scan.jpg', 'image/jpeg'],
    ])('redraws %s when the webview decodes it', async (_, name, type) => {
      stubDecoder(6000, 4000);
      const file = new File(['original bytes'], name, { type });
      const sent = await downscalePicture(file);

      expect(createImageBitmap).toHaveBeenCalledWith(file);
      expect(sent).not.toBe(file);
      expect(sent.type).toBe('image/jpeg');
      expect(canvasSize).toEqual({ width: UPLOAD_SQUARE, height: UPLOAD_SQUARE });
    });

    it('leaves SVG to the backend, undrawn (drawing it would make an accepted JPEG)', async () => {
      stubDecoder(4000, 3000);
      const svg = new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' });
      await expect(downscalePicture(svg)).resolves.toBe(svg);
      expect(createImageBitmap).not.toHaveBeenCalled();
    });
  });

  describe('in a worker', () => {
    // The worker is kept between pictures: each test starts from a fresh module.
    let downscale: typeof downscalePicture;
    beforeEach(async () => {
      vi.resetModules();
      ({ downscalePicture: downscale } = await import('./downscale'));
    });

    /** Stubs a worker that answers each request with answer (or fails to start), recording what it got. */
    function stubWorker(answer: Shrunk | 'error' | 'throws') {
      const got: { picture: Blob; maxSide: number }[] = [];
      const started = vi.fn();
      const terminated = vi.fn();
      vi.stubGlobal(
        'OffscreenCanvas',
        class {
          convertToBlob() {}
        },
      );
      vi.stubGlobal(
        'Worker',
        class {
          onmessage: ((event: MessageEvent) => void) | null = null;
          onerror: ((event: Event) => void) | null = null;
          onmessageerror: ((event: Event) => void) | null = null;
          constructor() {
            if (answer === 'throws') throw new DOMException('no workers here', 'SecurityError');
            started();
          }
          postMessage({ id, picture, maxSide }: { id: number; picture: Blob; maxSide: number }) {
            got.push({ picture, maxSide });
            queueMicrotask(() => {
              if (answer === 'error' || answer === 'throws') this.onerror?.(new Event('error'));
              else this.onmessage?.(new MessageEvent('message', { data: { id, result: answer } }));
            });
          }
          terminate = terminated;
        },
      );
      return { got, started, terminated };
    }

    it('sends what the worker drew, and the window draws nothing', async () => {
      stubDecoder(4000, 3000);
      const drawn = new Blob(['worker jpeg'], { type: 'image/jpeg' });
      const { got } = stubWorker({ kind: 'jpeg', blob: drawn });
      const file = photo();
      await expect(downscale(file)).resolves.toBe(drawn);
      expect(got).toEqual([{ picture: file, maxSide: MAX_UPLOAD_SIDE }]);
      expect(createImageBitmap).not.toHaveBeenCalled();
    });

    it('keeps one worker for the next pictures', async () => {
      stubDecoder(4000, 3000);
      const drawn = new Blob(['worker jpeg'], { type: 'image/jpeg' });
      const { got, started, terminated } = stubWorker({ kind: 'jpeg', blob: drawn });
      await Promise.all([downscale(photo()), downscale(photo())]);
      await expect(downscale(photo())).resolves.toBe(drawn);
      expect(got).toHaveLength(3);
      expect(started).toHaveBeenCalledTimes(1);
      expect(terminated).not.toHaveBeenCalled();
    });

    it('sends the original when the worker says so', async () => {
      stubDecoder(4000, 3000);
      stubWorker({ kind: 'original' });
      const file = photo();
      await expect(downscale(file)).resolves.toBe(file);
      expect(createImageBitmap).not.toHaveBeenCalled();
    });

    it.each([
      ['cannot draw (no 2D OffscreenCanvas)', { kind: 'unsupported' } as const],
      ['fails to load or run', 'error' as const],
      ['cannot be started', 'throws' as const],
    ])('redraws in the window when the worker %s', async (_, answer) => {
      stubDecoder(4000, 3000);
      stubWorker(answer);
      const file = photo();
      const sent = await downscale(file);
      expect(sent).not.toBe(file);
      expect(canvasSize).toEqual({ width: UPLOAD_SQUARE, height: UPLOAD_SQUARE });
    });

    it('ends a worker that failed and starts another for the next picture', async () => {
      stubDecoder(4000, 3000);
      const failing = stubWorker('error');
      await downscale(photo());
      expect(failing.terminated).toHaveBeenCalled();
      const drawn = new Blob(['worker jpeg'], { type: 'image/jpeg' });
      const working = stubWorker({ kind: 'jpeg', blob: drawn });
      await expect(downscale(photo())).resolves.toBe(drawn);
      expect(working.started).toHaveBeenCalledTimes(1);
    });
  });
});
