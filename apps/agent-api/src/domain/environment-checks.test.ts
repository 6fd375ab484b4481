import type {
  EnvironmentContext,
  EnvironmentDiagnostic,
  Harness,
  ProviderCredentials,
} from '@lifeosai/harness-spec';
import { describe, expect, it } from 'vitest';
import { createEnvironmentChecks } from './environment-checks.ts';

const canary = 'sk-canary-7f3a9c1e5b';

/**
 * A harness whose check reports what it was given — including, against its contract, the
 * key and a base URL's password — so the scrubbing and the cache have something to catch.
 */
function probeHarness(
  check: (context: EnvironmentContext) => Promise<ReadonlyArray<EnvironmentDiagnostic>>,
): Harness<unknown> & { calls: EnvironmentContext[] } {
  const calls: EnvironmentContext[] = [];
  return {
    specificationVersion: 'v1',
    id: 'probe',
    displayName: 'Probe',
    capabilities: {} as Harness['capabilities'],
    configSchema: { safeParse: () => ({ success: true, data: {} }) } as unknown as Harness['configSchema'],
    metadata: { description: 'Probes.', providers: ['anthropic'], models: [], configFields: [] },
    checkEnvironment(context) {
      calls.push(context);
      return check(context);
    },
    listModels: async () => [],
    start: () => {
      throw new Error('not for runs');
    },
    calls,
  };
}

const leaky = async (context: EnvironmentContext): Promise<EnvironmentDiagnostic[]> => [
  { id: 'binary-present', status: 'ok', message: 'Probe 1.0' },
  {
    id: 'anthropic-key',
    status: context.credentials.anthropic?.apiKey ? 'ok' : 'error',
    message: `key ${context.credentials.anthropic?.apiKey ?? 'none'} at ${context.credentials.anthropic?.baseUrl ?? 'default'}`,
    fix: `rotate ${context.credentials.anthropic?.apiKey ?? 'nothing'}`,
  },
];

function setup(
  check: (context: EnvironmentContext) => Promise<ReadonlyArray<EnvironmentDiagnostic>>,
  options: { timeoutMs?: number; credentials?: Record<string, ProviderCredentials> } = {},
) {
  let clock = Date.parse('2026-06-01T10:00:00.000Z');
  const harness = probeHarness(check);
  const errors: unknown[] = [];
  const checks = createEnvironmentChecks({
    harnesses: new Map([[harness.id, harness]]),
    credentialsFor: async (orgId) =>
      options.credentials?.[orgId] ?? {
        anthropic: { apiKey: canary, baseUrl: 'https://proxy-user:s3cr%2Ft@llm.example/v1' },
      },
    cacheMs: 30_000,
    timeoutMs: options.timeoutMs ?? 20_000,
    now: () => clock,
    onError: (error) => errors.push(error),
  });
  return { checks, harness, errors, advance: (ms: number) => (clock += ms) };
}

describe('harness environment checks', () => {
  it('reports ready with the diagnostics, never a key or a base URL password', async () => {
    const { checks, harness } = setup(leaky);
    const report = await checks.check('org_a', 'probe');
    expect(report).toEqual({
      harness: 'probe',
      ready: true,
      checkedAt: '2026-06-01T10:00:00.000Z',
      diagnostics: [
        { id: 'binary-present', status: 'ok', message: 'Probe 1.0' },
        {
          id: 'anthropic-key',
          status: 'ok',
          message: 'key [REDACTED] at https://proxy-user:[REDACTED]@llm.example/v1',
          fix: 'rotate [REDACTED]',
        },
      ],
    });
    expect(JSON.stringify(report)).not.toContain(canary);
    expect(JSON.stringify(report)).not.toMatch(/s3cr/);
    expect(harness.calls[0]?.credentials.anthropic?.apiKey).toBe(canary);
    expect(harness.calls[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('is not ready when any diagnostic is an error, per organization credentials', async () => {
    const { checks } = setup(leaky, { credentials: { org_empty: {} } });
    const report = await checks.check('org_empty', 'probe');
    expect(report.ready).toBe(false);
    expect(report.diagnostics[1]).toMatchObject({ status: 'error', message: 'key none at default' });
  });

  it('reuses a report for 30 s per organization and harness, and shares one check between concurrent callers', async () => {
    const { checks, harness, advance } = setup(leaky);
    const [first, concurrent] = await Promise.all([
      checks.check('org_a', 'probe'),
      checks.check('org_a', 'probe'),
    ]);
    expect(concurrent).toBe(first);
    advance(29_000);
    expect(await checks.check('org_a', 'probe')).toBe(first);
    expect(harness.calls).toHaveLength(1);

    await checks.check('org_b', 'probe');
    expect(harness.calls).toHaveLength(2);

    advance(1_001);
    const fresh = await checks.check('org_a', 'probe');
    expect(fresh.checkedAt).toBe('2026-06-01T10:00:30.001Z');
    expect(harness.calls).toHaveLength(3);
  });

  it('checks again on refresh, but still shares a check that is running', async () => {
    const { checks, harness } = setup(leaky);
    const first = await checks.check('org_a', 'probe');
    const refreshed = await checks.check('org_a', 'probe', { refresh: true });
    expect(refreshed).not.toBe(first);
    expect(harness.calls).toHaveLength(2);
    // The refreshed report is the one reused afterwards.
    expect(await checks.check('org_a', 'probe')).toBe(refreshed);

    const [running, alongside] = await Promise.all([
      checks.check('org_a', 'probe', { refresh: true }),
      checks.check('org_a', 'probe', { refresh: true }),
    ]);
    expect(alongside).toBe(running);
    expect(harness.calls).toHaveLength(3);
  });

  it('aborts a slow check through its signal and reports what the harness had', async () => {
    const { checks } = setup(
      (context) =>
        new Promise((resolve) => {
          context.signal.addEventListener('abort', () =>
            resolve([{ id: 'binary-present', status: 'warn', message: 'no version in time' }]),
          );
        }),
      { timeoutMs: 50 },
    );
    const report = await checks.check('org_a', 'probe');
    expect(report).toMatchObject({
      ready: true,
      diagnostics: [{ id: 'binary-present', status: 'warn' }],
    });
  });

  it('reports a check that ignores its signal, or throws, as an error diagnostic', async () => {
    const hanging = setup(() => new Promise(() => {}), { timeoutMs: 50 });
    expect(await hanging.checks.check('org_a', 'probe')).toMatchObject({
      ready: false,
      diagnostics: [
        { id: 'environment-check', status: 'error', message: expect.stringMatching(/did not finish/) },
      ],
    });

    const broken = setup(async () => {
      throw new Error(`boom ${canary}`);
    });
    const report = await broken.checks.check('org_a', 'probe');
    expect(report).toMatchObject({
      ready: false,
      diagnostics: [{ id: 'environment-check', status: 'error', message: expect.stringMatching(/failed/) }],
    });
    expect(JSON.stringify(report)).not.toContain(canary);
    expect(broken.errors).toHaveLength(1);
  });

  it('answers 404 for a harness it does not know', async () => {
    const { checks } = setup(leaky);
    await expect(checks.check('org_a', 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
