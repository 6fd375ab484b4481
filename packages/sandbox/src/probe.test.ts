import { describe, expect, it } from 'vitest';
import { decideIsolation, probeSandbox, sandboxDiagnostic } from './probe.ts';
import { loadSandboxSettings } from './settings.ts';

describe('deciding whether runs are sandboxed', () => {
  it('finds a working sandbox here, and says what is missing where bubblewrap is not', async () => {
    expect(await probeSandbox(loadSandboxSettings({}))).toEqual({ works: true });
    const missing = await probeSandbox(loadSandboxSettings({ LIFEOSAI_SANDBOX_BWRAP: '/nonexistent/bwrap' }));
    expect(missing).toMatchObject({ works: false, reason: expect.stringMatching(/not installed/) });
    expect(missing.works || missing.fix).toMatch(/apt-get install bubblewrap/);
  });

  it('answers, never rejects, when its test sandbox cannot even be prepared (local mode serves meanwhile)', async () => {
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/lifeosai-test-tmp';
    try {
      const answer = await probeSandbox(loadSandboxSettings({}));
      expect(answer).toMatchObject({
        works: false,
        reason: expect.stringMatching(/could not be prepared.*ENOENT/),
      });
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
  });

  it('refuses cloud mode and `required` without a sandbox, warns in local mode, obeys off', () => {
    const failed = {
      works: false as const,
      reason: 'bubblewrap (bwrap) is not installed',
      fix: 'install it',
    };
    expect(() => decideIsolation(loadSandboxSettings({}), 'cloud', failed)).toThrow(
      expect.objectContaining({
        code: 'SANDBOX_UNAVAILABLE',
        message: expect.stringMatching(/cloud mode never runs agents unsandboxed/),
      }),
    );
    expect(() =>
      decideIsolation(loadSandboxSettings({ LIFEOSAI_SANDBOX: 'required' }), 'local', failed),
    ).toThrow(/LIFEOSAI_SANDBOX=required/);
    const local = decideIsolation(loadSandboxSettings({}), 'local', failed);
    expect(local).toMatchObject({
      isolation: 'none',
      warning: { message: expect.stringMatching(/NOT sandboxed/) },
    });
    expect(sandboxDiagnostic(local)).toMatchObject({ id: 'run-sandbox', status: 'warn', fix: 'install it' });
    const off = decideIsolation(loadSandboxSettings({ LIFEOSAI_SANDBOX: 'off' }), 'cloud', undefined);
    expect(off).toMatchObject({
      isolation: 'none',
      warning: { message: expect.stringMatching(/LIFEOSAI_SANDBOX=off/) },
    });
    const works = decideIsolation(loadSandboxSettings({}), 'cloud', { works: true });
    expect(works).toEqual({ isolation: 'bubblewrap' });
    expect(sandboxDiagnostic(works)).toMatchObject({ status: 'ok' });
  });
});
