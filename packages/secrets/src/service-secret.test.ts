import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOrCreateSecret } from './secret-file.ts';
import { loadServiceSecret, serviceToken } from './service-secret.ts';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-service-secret-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('readOrCreateSecret', () => {
  it('creates a 0600 file once, reads it after, and tightens a loosened one', () => {
    const file = join(tempHome(), 'nested', 'some-secret');
    const secret = readOrCreateSecret(file);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    chmodSync(file, 0o644);
    expect(readOrCreateSecret(file)).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a file holding a short secret', () => {
    const file = join(tempHome(), 'short');
    writeFileSync(file, 'abc\n', { mode: 0o600 });
    expect(() => readOrCreateSecret(file)).toThrow(/shorter than 32 characters; delete it/);
  });
});

describe('loadServiceSecret', () => {
  it('local mode: generated once into $LIFEOSAI_HOME/service-secret, the same for every service', () => {
    const home = tempHome();
    const first = loadServiceSecret({ mode: 'local', home, env: {} });
    expect(loadServiceSecret({ mode: 'local', home, env: {} })).toBe(first);
    expect(statSync(join(home, 'service-secret')).mode & 0o777).toBe(0o600);
  });

  it('prefers LIFEOSAI_SERVICE_SECRET, requires it in cloud mode, and never echoes a bad one', () => {
    const home = tempHome();
    const secret = 's'.repeat(40);
    expect(loadServiceSecret({ mode: 'cloud', home, env: { LIFEOSAI_SERVICE_SECRET: secret } })).toBe(secret);
    expect(() => loadServiceSecret({ mode: 'cloud', home, env: {} })).toThrow(
      /LIFEOSAI_SERVICE_SECRET is required in cloud mode.*openssl rand -base64 48/,
    );
    const short = 'too-short-secret-value';
    expect(() => loadServiceSecret({ mode: 'local', home, env: { LIFEOSAI_SERVICE_SECRET: short } })).toThrow(
      /must be at least 32 characters/,
    );
    try {
      loadServiceSecret({ mode: 'local', home, env: { LIFEOSAI_SERVICE_SECRET: short } });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });
});

describe('serviceToken', () => {
  it('is one value per receiver, never the secret itself, and changes with the secret', () => {
    const secret = 'x'.repeat(48);
    const auth = serviceToken(secret, 'auth');
    const gateway = serviceToken(secret, 'user-management');
    expect(auth).not.toBe(gateway);
    expect(auth).toBe(serviceToken(secret, 'auth'));
    expect(auth).not.toContain(secret);
    expect(auth).toMatch(/^[\w-]{43}$/);
    expect(serviceToken('y'.repeat(48), 'auth')).not.toBe(auth);
  });
});
