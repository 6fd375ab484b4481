import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'deploy/**/*.test.ts',
    ],
    globalSetup: ['packages/testkit/src/vitest-global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Two files at a time: Vitest's default (one fewer than the cores) ran the files one by one
    // on CI's 2 cores, leaving a third of the machine idle while a file waited on its harness's
    // processes, browser or database.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `expect.poll` waits for a state, returning as soon as it holds; its 1 s default failed
    // browser assertions on a loaded 2-core machine (a sign-in's password hash alone can take
    // that long). A longer bound costs a passing test nothing.
    expect: { poll: { timeout: 10_000 } },
  },
});
