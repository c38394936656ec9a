/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    // A guard against a hang, not a measure: a test takes ~3 s alone and
    // several times that on a loaded machine (5 s by default).
    testTimeout: 60_000,
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
