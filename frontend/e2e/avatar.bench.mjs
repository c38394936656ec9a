// The avatar path the user takes (issue 13, item 5), end to end in the
// page: a 12 MP photo set on the "Profile picture" file input, until the
// saved picture shows (its /media/avatars URL loaded) — through the
// webview's redraw, the binding and the Go pipeline — next to the same with
// the redraw bypassed (the original file sent as it is), alternating in one
// run. The bypass is what the app does when the webview cannot decode a
// picture: here the page's decoders are made to fail (no Worker, and
// createImageBitmap and HTMLImageElement.decode reject), so the app's own
// code runs unchanged. Also watched: the longest frame (and long task) on
// the window's thread while the redrawn path runs.
import { installFrameWatch, median, report, signOut } from './benchkit.mjs';
import { signUp } from './helpers.mjs';

export const name = 'bench: avatar, 12 MP photo redrawn in the webview vs sent as it is';

const RUNS = 5; // of each, after one warm-up of each
const DEADLINE_MS = 120_000; // one upload; only a guard against a hang

export default async function run(page) {
  await signUp(page, 'avatarbench');
  await installFrameWatch(page);
  const input = page.getByLabel('Profile picture', { exact: true });
  await input.waitFor({ state: 'attached' });

  // A deterministic photo-like 4000×3000 picture (gradients, a disc, a dark
  // bar, mild per-pixel noise from a seeded generator), kept as pixels; each
  // run stamps its number in a corner before encoding it as a JPEG, so that
  // every upload stores a new picture at a new URL.
  const inputBytes = await page.evaluate(() => {
    const w = 4000;
    const h = 3000;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext('2d');
    const pixels = context.createImageData(w, h);
    let seed = 0x2545f491;
    const noise = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return ((seed >>> 0) % 25) - 12;
    };
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const fx = x / w;
        const fy = y / h;
        let r = 200 * fx + 40 * Math.sin(fy * 9);
        let g = 180 * fy + 50 * Math.cos(fx * 7 + fy * 3);
        let b = 120 + 90 * Math.sin((fx + fy) * 5);
        if ((fx - 0.45) ** 2 + (fy - 0.5) ** 2 < 0.04) [r, g, b] = [240 - 40 * fy, 220, 60 + 80 * fx];
        if (x > (w * 13) / 20 && x < (w * 27) / 40) [r, g, b] = [20, 30, 40];
        const n = noise();
        const i = (y * w + x) * 4;
        pixels.data[i] = r + n;
        pixels.data[i + 1] = g + n;
        pixels.data[i + 2] = b + n;
        pixels.data[i + 3] = 255;
      }
    }
    context.putImageData(pixels, 0, 0);
    window.__photoCanvas = canvas;
    window.__photo = async (n) => {
      // The stamp sits inside the centre square, which is what is kept.
      context.fillStyle = `rgb(${(n * 37) % 256}, ${(n * 91) % 256}, ${(n * 53) % 256})`;
      context.fillRect(600, 100, 64, 64);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
      return new File([blob], 'photo.jpg', { type: 'image/jpeg' });
    };
    return window.__photo(0).then((file) => file.size);
  });

  // Bypassing the redraw: the decoders the app may use fail, as in a
  // webview that cannot read the file; restoring them undoes it.
  await page.evaluate(() => {
    const original = {
      Worker: window.Worker,
      createImageBitmap: window.createImageBitmap,
      decode: HTMLImageElement.prototype.decode,
    };
    window.__bypassRedraw = (on) => {
      const fail = () => Promise.reject(new DOMException('decoding bypassed by the benchmark', 'EncodingError'));
      window.Worker = on ? undefined : original.Worker;
      window.createImageBitmap = on ? fail : original.createImageBitmap;
      HTMLImageElement.prototype.decode = on ? fail : original.decode;
    };
  });

  // One upload: the file is made (untimed), then set on the input as a
  // file chooser does; the time runs from that change event until the
  // saved picture's new URL has loaded.
  const upload = (n, unscaled) =>
    page.evaluate(
      async ({ n, unscaled, deadlineMs }) => {
        const file = await window.__photo(n);
        window.__bypassRedraw(unscaled);
        const input = document.querySelector('input[type="file"][aria-label="Profile picture"]');
        const saved = () => document.querySelector('img[alt="Your profile picture"]');
        const before = saved()?.getAttribute('src') ?? null;
        // Let the frame the file took to make pass before timing starts.
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const files = new DataTransfer();
        files.items.add(file);
        performance.clearMarks('avatar:prepared');
        performance.clearMarks('avatar:saved');
        window.__frames.start();
        const started = performance.now();
        performance.mark('avatar:chosen');
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        let cleanup = () => {};
        try {
          await new Promise((resolve, reject) => {
            const check = () => {
              const img = saved();
              if (img && img.getAttribute('src') !== before && img.src.includes('/media/avatars/') && img.complete && img.naturalWidth > 0) {
                resolve();
                return;
              }
              const alert = document.querySelector('[role="alert"]');
              if (alert) reject(new Error(`the upload was refused: ${alert.textContent}`));
            };
            const observer = new MutationObserver(check);
            observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
            document.addEventListener('load', check, true);
            const timer = setTimeout(
              () => reject(new Error(`upload ${n} (${unscaled ? 'unscaled' : 'redrawn'}): no saved picture after ${deadlineMs} ms`)),
              deadlineMs,
            );
            cleanup = () => {
              observer.disconnect();
              document.removeEventListener('load', check, true);
              clearTimeout(timer);
            };
            check();
          });
        } finally {
          cleanup();
          window.__bypassRedraw(false);
        }
        const ms = performance.now() - started;
        // The app's own marks split the time: prepared (redrawn or not, as
        // base64), saved by the backend, shown.
        const at = (mark) => performance.getEntriesByName(mark).at(-1)?.startTime ?? NaN;
        const phases = { prepare: at('avatar:prepared') - started, backend: at('avatar:saved') - at('avatar:prepared'), show: started + ms - at('avatar:saved') };
        performance.measure(unscaled ? 'avatar:unscaled' : 'avatar:redrawn', 'avatar:chosen');
        const frames = window.__frames.stop();
        return { ms, phases, ...frames };
      },
      { n, unscaled, deadlineMs: DEADLINE_MS },
    );

  const redrawn = [];
  const unscaled = [];
  for (let n = 0; n <= RUNS; n++) {
    // Alternating, and in both orders, so that neither always runs second.
    const order = n % 2 === 0 ? [false, true] : [true, false];
    for (const bypass of order) {
      const result = await upload(2 * n + (bypass ? 1 : 0) + 1, bypass);
      // The next upload starts once this one is over (the uploader is busy until then).
      await page.getByText('Your picture was saved.').waitFor();
      if (n > 0) (bypass ? unscaled : redrawn).push(result);
    }
  }

  const redrawnMs = median(redrawn.map((r) => r.ms));
  const unscaledMs = median(unscaled.map((r) => r.ms));
  report('avatar.input_mib', inputBytes / (1 << 20), 'MiB');
  report('avatar.webview_redrawn_ms', redrawnMs, 'ms');
  report('avatar.webview_unscaled_ms', unscaledMs, 'ms');
  report('avatar.webview_ratio', redrawnMs / unscaledMs, 'x');
  for (const phase of ['prepare', 'backend', 'show']) {
    report(`avatar.webview_redrawn_${phase}_ms`, median(redrawn.map((r) => r.phases[phase])), 'ms');
    report(`avatar.webview_unscaled_${phase}_ms`, median(unscaled.map((r) => r.phases[phase])), 'ms');
  }
  report('avatar.max_frame_ms', Math.max(...redrawn.map((r) => r.maxFrameMs)), 'ms');
  const longTasks = redrawn.map((r) => r.maxLongTaskMs);
  if (longTasks.every((v) => v !== null)) report('avatar.max_longtask_ms', Math.max(...longTasks), 'ms');
  report('avatar.max_frame_unscaled_ms', Math.max(...unscaled.map((r) => r.maxFrameMs)), 'ms');
  console.log(`avatar bench: longest frame of each redrawn upload: ${redrawn.map((r) => r.maxFrameMs.toFixed(0)).join(', ')} ms`);
  const worker = await page.evaluate(
    () => typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && 'convertToBlob' in OffscreenCanvas.prototype,
  );
  console.log(`avatar bench: redrawn ${worker ? 'in a worker (OffscreenCanvas)' : 'in the window (canvas)'}`);

  await signOut(page);
}
