import { describe, expect, it } from 'vitest';
import { runEnvironment } from './run-environment.ts';

describe('runEnvironment', () => {
  it('takes PATH, LANG and TMPDIR from the service, the run’s variables, and HOME last', () => {
    const service = {
      PATH: '/opt/bin:/usr/bin',
      LANG: 'de_DE.UTF-8',
      TMPDIR: '/var/tmp',
      LIFEOSAI_MASTER_KEY: 'k',
    };
    const env = runEnvironment({
      base: service,
      extra: { NPM_TOKEN: 'npm_x', HOME: '/root' },
      home: '/agents/a1',
    });
    expect(Object.keys(env)).toEqual(['PATH', 'LANG', 'TMPDIR', 'NPM_TOKEN', 'HOME']);
    expect(env).toMatchObject({
      PATH: '/opt/bin:/usr/bin',
      LANG: 'de_DE.UTF-8',
      TMPDIR: '/var/tmp',
      HOME: '/agents/a1',
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
