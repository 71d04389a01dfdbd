import { defineConfig } from 'vitest/config';

// Tests run against loopback fakes only; the generous timeouts cover the first-run conversion
// of the GloVe vectors to the binary cache (a few seconds, once per machine).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
