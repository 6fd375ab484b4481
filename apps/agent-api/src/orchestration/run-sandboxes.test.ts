import { isPlatformError } from '@lifeosai/errors';
import { loadSandboxSettings, type SandboxProbe } from '@lifeosai/sandbox';
import { describe, expect, it } from 'vitest';
import { createRunSandboxes, servedPlatform } from './run-sandboxes.ts';

// A bubblewrap that does not exist: probing these settings here would find runs unsandboxable.
const missingBwrap = { LIFEOSAI_SANDBOX_BWRAP: '/nonexistent/lifeosai-test/bwrap' };
const platform = servedPlatform('http://127.0.0.1:65000');
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A probe that answers when the test says. */
function heldProbe(): { probe: Promise<SandboxProbe>; answer: (probe: SandboxProbe) => void } {
  let answer!: (probe: SandboxProbe) => void;
  const probe = new Promise<SandboxProbe>((resolve) => {
    answer = resolve;
  });
  return { probe, answer };
}

describe('createRunSandboxes', () => {
  it('decides from a probe already under way (local mode starts it early) instead of probing again', async () => {
    const sandboxes = await createRunSandboxes({
      settings: loadSandboxSettings(missingBwrap),
      platformMode: 'local',
      platform,
      probe: Promise.resolve({ works: true }),
    });
    expect(await sandboxes.decision).toEqual({ isolation: 'bubblewrap' });
  });

  it('probes by itself without one: the missing bubblewrap is found and said', async () => {
    const sandboxes = await createRunSandboxes({
      settings: loadSandboxSettings(missingBwrap),
      platformMode: 'local',
      platform,
    });
    const decision = await sandboxes.decision;
    expect(decision.isolation).toBe('none');
    expect(decision.warning?.message).toContain('/nonexistent/lifeosai-test/bwrap');
  });

  it('in local mode with auto, is ready before the probe answers; a run opened meanwhile waits for it', async () => {
    const held = heldProbe();
    const sandboxes = await createRunSandboxes({
      settings: loadSandboxSettings(missingBwrap),
      platformMode: 'local',
      platform,
      probe: held.probe,
    });
    const settled: string[] = [];
    void sandboxes.decision.then(() => settled.push('decision'));
    const opening = sandboxes.open({ agentId: 'agt_1', workspace: '/tmp', stateDirectory: '/tmp' });
    void opening.then(() => settled.push('open'));
    await turn();
    expect(settled).toEqual([]);
    held.answer({ works: false, reason: 'user namespaces are off', fix: 'turn them on' });
    const sandbox = await opening;
    expect(settled).toEqual(['decision', 'open']);
    // The answer decided how the run was launched: not sandboxable here, so plain (and said).
    expect(sandbox.launcher.isolation).toBe('none');
    expect((await sandboxes.decision).warning?.message).toContain('user namespaces are off');
    await sandbox.close();
  });

  it('where the answer may refuse (cloud mode, required), is not ready before the probe answers', async () => {
    for (const [mode, env] of [
      ['cloud', missingBwrap],
      ['local', { ...missingBwrap, LIFEOSAI_SANDBOX: 'required' }],
    ] as const) {
      const held = heldProbe();
      let ready = false;
      const creating = createRunSandboxes({
        settings: loadSandboxSettings(env),
        platformMode: mode,
        platform,
        probe: held.probe,
      }).then((sandboxes) => {
        ready = true;
        return sandboxes;
      });
      await turn();
      expect(ready).toBe(false);
      held.answer({ works: true });
      expect(await (await creating).decision).toEqual({ isolation: 'bubblewrap' });
    }
  });

  it('refuses to start where runs must be sandboxed and the early probe failed', async () => {
    const refused = await createRunSandboxes({
      settings: loadSandboxSettings({ ...missingBwrap, LIFEOSAI_SANDBOX: 'required' }),
      platformMode: 'local',
      platform,
      probe: Promise.resolve({ works: false, reason: 'user namespaces are off', fix: 'turn them on' }),
    }).catch((error: unknown) => error);
    expect(isPlatformError(refused) && refused.code).toBe('SANDBOX_UNAVAILABLE');
    expect((refused as Error).message).toContain('user namespaces are off');
  });
});

describe('servedPlatform', () => {
  it('has no handler until the app serves, then hands requests to its routing, until withdrawn', () => {
    const endpoint = servedPlatform();
    expect(endpoint.origin()).toBe('');
    expect(endpoint.handler()).toBeUndefined();

    const served: unknown[] = [];
    // The app's routing is called as a method of the app (Fastify's needs its `this`).
    const app = {
      marker: 'app',
      routing(this: { marker: string }, request: unknown) {
        served.push([this.marker, request]);
      },
    };
    endpoint.serve(app as never, 'http://127.0.0.1:4321');
    expect(endpoint.origin()).toBe('http://127.0.0.1:4321');
    endpoint.handler()?.('request' as never, 'response' as never);
    expect(served).toEqual([['app', 'request']]);

    endpoint.withdraw();
    expect(endpoint.handler()).toBeUndefined();
    expect(endpoint.origin()).toBe('http://127.0.0.1:4321');
  });

  it('keeps the origin it was created with when the app serves without naming one', () => {
    const endpoint = servedPlatform('http://127.0.0.1:4000');
    endpoint.serve({ routing: () => {} });
    expect(endpoint.origin()).toBe('http://127.0.0.1:4000');
    expect(endpoint.handler()).toBeTypeOf('function');
  });
});
