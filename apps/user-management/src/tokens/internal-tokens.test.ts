import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityVerifier } from '@lifeosai/agent-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createInternalTokens, generateSigningKey } from './internal-tokens.ts';
import { loadSigningKey, SIGNING_KEY_ENV } from './signing-key.ts';

const caller = { userId: 'usr_1', orgId: 'org_1', role: 'admin' as const };

describe('internal identity tokens', () => {
  it("are accepted by the Agent API's own verifier, with user, organization and role", async () => {
    const tokens = await createInternalTokens(await generateSigningKey());
    const verify = createIdentityVerifier({ jwks: tokens.jwks });
    expect(await verify(`Bearer ${await tokens.tokenFor(caller)}`)).toEqual(caller);
  });

  it('are refused when signed by another gateway key', async () => {
    const ours = await createInternalTokens(await generateSigningKey());
    const theirs = await createInternalTokens(await generateSigningKey());
    const verify = createIdentityVerifier({ jwks: ours.jwks });
    await expect(verify(`Bearer ${await theirs.tokenFor(caller)}`)).rejects.toMatchObject({ status: 401 });
  });

  it('are reused while more than half their minute is left, then minted again', async () => {
    let now = Date.parse('2026-11-23T12:00:00Z');
    const tokens = await createInternalTokens(await generateSigningKey(), { now: () => now });
    const first = await tokens.tokenFor(caller);
    now += 29_000;
    expect(await tokens.tokenFor(caller)).toBe(first);
    expect(await tokens.tokenFor({ ...caller, role: 'member' })).not.toBe(first);
    now += 2_000;
    expect(await tokens.tokenFor(caller)).not.toBe(first);
  });

  it('publish only the public key', async () => {
    const tokens = await createInternalTokens(await generateSigningKey());
    expect(tokens.jwks.keys).toHaveLength(1);
    expect(tokens.jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(tokens.jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe('the signing key', () => {
  let home: string | undefined;
  afterEach(() => {
    if (home) rmSync(home, { recursive: true, force: true });
    home = undefined;
  });

  it('is generated once in local mode, into a 0600 file, and read back after', async () => {
    home = mkdtempSync(join(tmpdir(), 'lifeosai-signing-'));
    const first = await loadSigningKey({ mode: 'local', home, env: {} });
    const again = await loadSigningKey({ mode: 'local', home, env: {} });
    expect(again).toEqual(first);
    expect(statSync(join(home, 'internal-signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('is refused when other users can read the file', async () => {
    home = mkdtempSync(join(tmpdir(), 'lifeosai-signing-'));
    writeFileSync(join(home, 'internal-signing-key.json'), JSON.stringify(await generateSigningKey()), {
      mode: 0o644,
    });
    await expect(loadSigningKey({ mode: 'local', home, env: {} })).rejects.toMatchObject({
      code: 'SIGNING_KEY_INSECURE',
    });
  });

  it('must come from the environment in cloud mode, and a bad one is named without being echoed', async () => {
    await expect(loadSigningKey({ mode: 'cloud', home: '/nonexistent', env: {} })).rejects.toMatchObject({
      code: 'SIGNING_KEY_MISSING',
    });
    const bad = loadSigningKey({
      mode: 'cloud',
      home: '/nonexistent',
      env: { [SIGNING_KEY_ENV]: 'secret-ish-text' },
    });
    await expect(bad).rejects.toMatchObject({ code: 'SIGNING_KEY_INVALID' });
    await expect(bad).rejects.not.toThrow(/secret-ish-text/);
    const key = await generateSigningKey();
    expect(
      await loadSigningKey({
        mode: 'cloud',
        home: '/nonexistent',
        env: { [SIGNING_KEY_ENV]: JSON.stringify(key) },
      }),
    ).toMatchObject({
      x: key.x,
    });
  });
});
