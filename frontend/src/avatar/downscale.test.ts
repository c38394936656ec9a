import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computeTargetSize, downscalePicture, MAX_UPLOAD_SIDE } from './downscale';

describe('computeTargetSize', () => {
  it('scales the longer side down to the limit, keeping the aspect ratio', () => {
    expect(computeTargetSize(4000, 3000, 1024)).toEqual({ width: 1024, height: 768 });
    expect(computeTargetSize(3000, 4000, 1024)).toEqual({ width: 768, height: 1024 });
    expect(computeTargetSize(2048, 2048, 1024)).toEqual({ width: 1024, height: 1024 });
    expect(computeTargetSize(1025, 10, 1024)).toEqual({ width: 1024, height: 10 });
  });

  it('leaves pictures within the limit unchanged', () => {
    expect(computeTargetSize(800, 600, 1024)).toEqual({ width: 800, height: 600 });
    expect(computeTargetSize(1024, 300, 1024)).toEqual({ width: 1024, height: 300 });
  });

  it('never makes a side 0', () => {
    expect(computeTargetSize(1, 5000, 1024)).toEqual({ width: 1, height: 1024 });
    expect(computeTargetSize(5000, 1, 1024)).toEqual({ width: 1024, height: 1 });
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

  it('redraws a large picture at 1024 px on its longer side as a JPEG at quality 0.9', async () => {
    stubDecoder(4000, 3000);
    const file = photo();
    const sent = await downscalePicture(file);

    expect(sent).not.toBe(file);
    expect(sent.type).toBe('image/jpeg');
    expect(canvasSize).toEqual({ width: MAX_UPLOAD_SIDE, height: 768 });
    expect(drawImage).toHaveBeenCalledWith(bitmap, 0, 0, 1024, 768);
    expect(HTMLCanvasElement.prototype.toBlob).toHaveBeenCalledWith(expect.any(Function), 'image/jpeg', 0.9);
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
  ])('downscales %s when the webview decodes it', async (_, name, type) => {
    stubDecoder(6000, 4000);
    const file = new File(['original bytes'], name, { type });
    const sent = await downscalePicture(file);

    expect(createImageBitmap).toHaveBeenCalledWith(file);
    expect(sent).not.toBe(file);
    expect(sent.type).toBe('image/jpeg');
    expect(canvasSize).toEqual({ width: MAX_UPLOAD_SIDE, height: 683 });
  });

  it('leaves SVG to the backend, undrawn (drawing it would make an accepted JPEG)', async () => {
    stubDecoder(4000, 3000);
    const svg = new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' });
    await expect(downscalePicture(svg)).resolves.toBe(svg);
    expect(createImageBitmap).not.toHaveBeenCalled();
  });
});
