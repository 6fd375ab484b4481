import { describe, expect, it } from 'vitest';
import { runEnvironment } from './run-environment.ts';

describe('runEnvironment', () => {
  it('takes PATH, LANG and TMPDIR from the service, the run’s variables, and HOME last', () => {
    const env = runEnvironment({
      base: {
        PATH: '/bin',
        LANG: 'en_US.UTF-8',
        TMPDIR: '/tmp',
        DATABASE_URL: 'postgres://secret',
        ANTHROPIC_API_KEY: 'sk',
      },
      extra: { GITHUB_TOKEN: 'ghp_x', HOME: '/elsewhere' },
      home: '/data/agent',
    });
    expect(env).toEqual({
      PATH: '/bin',
      LANG: 'en_US.UTF-8',
      TMPDIR: '/tmp',
      GITHUB_TOKEN: 'ghp_x',
      HOME: '/data/agent',
    });
  });

  it('falls back to safe defaults when the service has none', () => {
    expect(runEnvironment({ base: {}, extra: {}, home: '/h' })).toMatchObject({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      TMPDIR: expect.any(String),
    });
  });
});
