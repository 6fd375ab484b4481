import { PlatformError } from '@lifeosai/errors';
import { describe, expect, it } from 'vitest';
import { type ConnectionTokenSource, runConnections } from './run-connections.ts';

/** What the OAuth connections package answers, for two healthy connections and a revoked one. */
const source: ConnectionTokenSource = async (_orgId, id) => {
  if (id === 'oac_revoked')
    throw new PlatformError('CONNECTION_UNAVAILABLE', `The connection ${id} was revoked.`);
  return { accessToken: `token-of-${id}`, env: 'GITHUB_TOKEN', provider: 'github' };
};

describe('runConnections', () => {
  it('puts each token in the variables the agent names, else its provider variable', async () => {
    const named = await runConnections(source, 'org', ['oac_a', 'oac_b'], { WORK_TOKEN: 'connection:oac_b' });
    expect(named.env).toEqual({ GITHUB_TOKEN: 'token-of-oac_a', WORK_TOKEN: 'token-of-oac_b' });
    expect(named.tokenOf('oac_b')).toBe('token-of-oac_b');
    expect(named.tokenOf('oac_other')).toBeUndefined();
    await expect(runConnections(undefined, 'org', [])).resolves.toMatchObject({ env: {} });
  });

  it('refuses to start without a granted token: revoked, sharing a variable, named but not granted', async () => {
    await expect(runConnections(source, 'org', ['oac_a', 'oac_revoked'])).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
      message: expect.stringContaining('oac_revoked'),
    });
    await expect(runConnections(source, 'org', ['oac_a', 'oac_b'])).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
      message: expect.stringContaining('would both go in GITHUB_TOKEN'),
    });
    await expect(runConnections(source, 'org', [], { T: 'connection:oac_x' })).rejects.toMatchObject({
      code: 'CONNECTION_NOT_FOUND',
    });
    await expect(runConnections(undefined, 'org', ['oac_a'])).rejects.toMatchObject({
      code: 'CONNECTION_UNAVAILABLE',
    });
  });
});
