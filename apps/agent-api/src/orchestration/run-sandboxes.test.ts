import { isPlatformError } from '@lifeosai/errors';
import { loadSandboxSettings } from '@lifeosai/sandbox';
import { describe, expect, it } from 'vitest';
import { createRunSandboxes } from './run-sandboxes.ts';

// A bubblewrap that does not exist: probing these settings here would find runs unsandboxable.
const missingBwrap = { LIFEOSAI_SANDBOX_BWRAP: '/nonexistent/lifeosai-test/bwrap' };
const origin = () => 'http://127.0.0.1:65000';

describe('createRunSandboxes', () => {
  it('decides from a probe already under way (local mode starts it early) instead of probing again', async () => {
    const sandboxes = await createRunSandboxes({
      settings: loadSandboxSettings(missingBwrap),
      platformMode: 'local',
      platformOrigin: origin,
      probe: Promise.resolve({ works: true }),
    });
    expect(sandboxes.decision).toEqual({ isolation: 'bubblewrap' });
  });

  it('probes by itself without one: the missing bubblewrap is found and said', async () => {
    const sandboxes = await createRunSandboxes({
      settings: loadSandboxSettings(missingBwrap),
      platformMode: 'local',
      platformOrigin: origin,
    });
    expect(sandboxes.decision.isolation).toBe('none');
    expect(sandboxes.decision.warning?.message).toContain('/nonexistent/lifeosai-test/bwrap');
  });

  it('refuses to start where runs must be sandboxed and the early probe failed', async () => {
    const refused = await createRunSandboxes({
      settings: loadSandboxSettings({ ...missingBwrap, LIFEOSAI_SANDBOX: 'required' }),
      platformMode: 'local',
      platformOrigin: origin,
      probe: Promise.resolve({ works: false, reason: 'user namespaces are off', fix: 'turn them on' }),
    }).catch((error: unknown) => error);
    expect(isPlatformError(refused) && refused.code).toBe('SANDBOX_UNAVAILABLE');
    expect((refused as Error).message).toContain('user namespaces are off');
  });
});
