import { defineConfig } from 'vitest/config';

// Unit tests cover the pure modules (EDTF words, counts, i18n tables); the
// browser is exercised by e2e/run.mjs against the real chorus server.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
