import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSigningKey } from '@lifeosai/user-management';
import { afterEach, expect, it, vi } from 'vitest';
import { runScript, type TestInstall, testInstall } from './testing/run-maintenance.ts';

// Each command is a fresh Node process loading the services' code: seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const installs: TestInstall[] = [];
afterEach(() => {
  for (const install of installs.splice(0)) rmSync(install.home, { recursive: true, force: true });
});

it('rotates the local key file and prints key ids, never the private key', async () => {
  const install = await testInstall();
  installs.push(install);
  const before = await loadSigningKey({ mode: 'local', home: install.home, env: {} });
  const { code, output } = await runScript('rotate-signing-key.ts', [], install.env);
  expect(code, output).toBe(0);
  expect(output).toMatch(/✓ internal signing key rotated \(key id \S+ → \S+\)/);
  const after = await loadSigningKey({ mode: 'local', home: install.home, env: {} });
  expect(after.d).not.toBe(before.d);
  expect(output).not.toContain(after.d);
  expect(output).not.toContain(before.d);
});

it('with the key in the environment, writes the new one only to --new-key-file and says what to set', async () => {
  const install = await testInstall({ LIFEOSAI_INTERNAL_SIGNING_KEY: '{"kty":"OKP"}' });
  installs.push(install);
  const refused = await runScript('rotate-signing-key.ts', [], install.env);
  expect(refused.code).toBe(1);
  expect(refused.output).toContain('--new-key-file');

  const file = join(install.home, 'next-signing-key.json');
  const { code, output } = await runScript('rotate-signing-key.ts', ['--new-key-file', file], install.env);
  expect(code, output).toBe(0);
  expect(output).toContain(`Now set LIFEOSAI_INTERNAL_SIGNING_KEY to the content of ${file}`);
  expect(output).toContain('LIFEOSAI_IDENTITY_JWKS=');
  const written = JSON.parse(readFileSync(file, 'utf8')) as { d: string };
  expect(output).not.toContain(written.d);
});
