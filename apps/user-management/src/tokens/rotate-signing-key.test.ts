import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdentityVerifier } from '@lifeosai/agent-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInternalTokens } from './internal-tokens.ts';
import { rotateSigningKeyFile, writeNewSigningKey } from './rotate-signing-key.ts';
import { loadSigningKey } from './signing-key.ts';

const caller = { userId: 'usr_1', orgId: 'org_1', role: 'owner' as const };
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lifeosai-signing-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('rotating the internal signing key', () => {
  it('replaces the local key file: tokens of the old key are refused, the new key works', async () => {
    const oldKey = await loadSigningKey({ mode: 'local', home, env: {} });
    const oldTokens = await createInternalTokens(oldKey);

    const rotation = await rotateSigningKeyFile(home);

    const newKey = await loadSigningKey({ mode: 'local', home, env: {} });
    expect(newKey.d).not.toBe(oldKey.d);
    expect(statSync(join(home, 'internal-signing-key.json')).mode & 0o777).toBe(0o600);
    expect(rotation.previousKeyId).toBe(oldTokens.jwks.keys[0]!.kid);
    expect(rotation.keyId).not.toBe(rotation.previousKeyId);
    const newTokens = await createInternalTokens(newKey);
    expect(rotation.jwks).toEqual(newTokens.jwks);
    // What the Agent API does with the gateway's new JWKS.
    const verify = createIdentityVerifier({ jwks: rotation.jwks });
    expect(await verify(`Bearer ${await newTokens.tokenFor(caller)}`)).toEqual(caller);
    await expect(verify(`Bearer ${await oldTokens.tokenFor(caller)}`)).rejects.toMatchObject({ status: 401 });
    // Public facts only.
    expect(JSON.stringify(rotation)).not.toContain(newKey.d);
  });

  it('creates a key file on an install that had none', async () => {
    const rotation = await rotateSigningKeyFile(home);
    expect(rotation.previousKeyId).toBeUndefined();
    expect((await createInternalTokens(await loadSigningKey({ mode: 'local', home, env: {} }))).jwks).toEqual(
      rotation.jwks,
    );
  });

  it('for the environment, writes the new key only to the file named, and reuses it on a re-run', async () => {
    const file = join(home, 'new-signing-key.json');
    const first = await writeNewSigningKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const fromEnvironment = await loadSigningKey({
      mode: 'cloud',
      home: '/nonexistent',
      env: { LIFEOSAI_INTERNAL_SIGNING_KEY: readFileSync(file, 'utf8') },
    });
    expect((await createInternalTokens(fromEnvironment)).jwks).toEqual(first.jwks);
    expect(first.reused).toBe(false);
    const again = await writeNewSigningKey(file);
    expect(again).toEqual({ ...first, reused: true });
  });
});
