import { describe, expect, it } from 'vitest';
import { runnerEnvironment } from './runner-process.ts';

describe('runnerEnvironment', () => {
  it('is built from a few base variables, the run’s env and Pi’s offline switches', () => {
    const env = runnerEnvironment({
      dataDir: '/data/agent',
      extra: { GITHUB_TOKEN: 'ghp_x', PI_OFFLINE: '0', HOME: '/elsewhere' },
      base: {
        PATH: '/bin',
        LANG: 'en_US.UTF-8',
        TMPDIR: '/tmp',
        DATABASE_URL: 'postgres://secret',
        ANTHROPIC_API_KEY: 'sk',
      },
    });
    expect(env).toEqual({
      PATH: '/bin',
      LANG: 'en_US.UTF-8',
      TMPDIR: '/tmp',
      GITHUB_TOKEN: 'ghp_x',
      HOME: '/data/agent',
      PI_OFFLINE: '1',
      PI_TELEMETRY: '0',
    });
  });
});
