/// <reference types="vitest/config" />
import { readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Stores the built bundles gzip-compressed (assets/NAME.gz in place of
 * assets/NAME): the binary embeds frontend/dist, and its JavaScript and CSS
 * take a third of the bytes that way. The Go side opens them decompressed
 * (backend/webassets); index.html stays as it is, Wails looks for it.
 */
function gzipAssets(): Plugin {
  return {
    name: 'passdesk:gzip-assets',
    apply: 'build',
    async writeBundle(output, bundle) {
      const dir = output.dir ?? 'dist';
      for (const fileName of Object.keys(bundle)) {
        if (!fileName.startsWith('assets/')) continue;
        const file = path.join(dir, fileName);
        await writeFile(`${file}.gz`, gzipSync(await readFile(file), { level: 9 }));
        await unlink(file);
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), gzipAssets()],
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // A guard against a hang, not a measure: a test takes ~3 s alone and
    // several times that on a loaded machine (5 s by default).
    testTimeout: 60_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
