import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.test.ts'],
    // The integration tests need a DynamoDB, S3 and PostgreSQL (`npm run test:integration`).
    exclude: process.env.STORE_TESTS ? [] : ['tests/integration/**'],
  },
});
