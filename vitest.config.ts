import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Devnet tests spawn anvil; give them room, but never rely on timing for correctness.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
