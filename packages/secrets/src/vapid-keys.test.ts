import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateVapidKeys, loadVapidKeys } from './vapid-keys.ts';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-vapid-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('loadVapidKeys', () => {
  it('local mode: generated once into $LIFEOSAI_HOME/vapid.json (0600), the same on every start', () => {
    const home = tempHome();
    const first = loadVapidKeys({ mode: 'local', home, env: {} })!;
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(first.privateKey, 'base64url')).toHaveLength(32);
    const file = join(home, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    chmodSync(file, 0o644);
    expect(loadVapidKeys({ mode: 'local', home, env: {} })).toEqual(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
  });

  it('the environment wins in either mode; cloud mode without it has no keys (push off)', () => {
    const pair = generateVapidKeys();
    const env = { LIFEOSAI_VAPID_PUBLIC_KEY: pair.publicKey, LIFEOSAI_VAPID_PRIVATE_KEY: pair.privateKey };
    expect(loadVapidKeys({ mode: 'cloud', home: tempHome(), env })).toEqual(pair);
    const home = tempHome();
    expect(loadVapidKeys({ mode: 'local', home, env })).toEqual(pair);
    expect(() => statSync(join(home, 'vapid.json'))).toThrow();
    expect(loadVapidKeys({ mode: 'cloud', home: tempHome(), env: {} })).toBeUndefined();
  });

  it('refuses half a pair or a mismatched pair, never echoing a key', () => {
    const pair = generateVapidKeys();
    const other = generateVapidKeys();
    const home = tempHome();
    expect(() =>
      loadVapidKeys({ mode: 'local', home, env: { LIFEOSAI_VAPID_PRIVATE_KEY: pair.privateKey } }),
    ).toThrow(/Set both LIFEOSAI_VAPID_PUBLIC_KEY and LIFEOSAI_VAPID_PRIVATE_KEY/);
    const env = { LIFEOSAI_VAPID_PUBLIC_KEY: other.publicKey, LIFEOSAI_VAPID_PRIVATE_KEY: pair.privateKey };
    let message = '';
    try {
      loadVapidKeys({ mode: 'cloud', home, env });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/not a matching P-256 pair/);
    expect(message).not.toContain(pair.privateKey);
    writeFileSync(join(home, 'vapid.json'), 'not json', { mode: 0o600 });
    expect(() => loadVapidKeys({ mode: 'local', home, env: {} })).toThrow(/delete it to get a new one/);
  });
});
