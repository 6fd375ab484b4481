import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAuthService } from '@lifeosai/auth';
import { createLogger } from '@lifeosai/logger';
import { afterEach, expect, it, vi } from 'vitest';
import { runScript, type TestInstall, testInstall } from './testing/run-maintenance.ts';

// Each command is a fresh Node process loading the services' code: seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const installs: TestInstall[] = [];
afterEach(() => {
  for (const install of installs.splice(0)) rmSync(install.home, { recursive: true, force: true });
});

const oldSecret = 'old-secret-that-an-agent-once-read-0123456789';

/** A local install whose auth service ran once: one account, signed in. */
async function installWithSession(): Promise<TestInstall> {
  const install = await testInstall();
  installs.push(install);
  writeFileSync(join(install.home, 'auth-secret'), `${oldSecret}\n`, { mode: 0o600 });
  const service = await createAuthService({
    database: { dialect: 'sqlite', path: join(install.home, 'lifeosai.db') },
    baseUrl: `http://127.0.0.1:${install.ports.web}`,
    secret: oldSecret,
    serviceSecret: 'rotation-test-service-secret-0123456789-abcdef',
    logger: createLogger({ service: 'auth', level: 'silent' }),
  });
  await service.auth.api.signUpEmail({
    body: { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery staple' },
  });
  await service.close();
  return install;
}

it('retires the local auth secret: counts printed, no secret', async () => {
  const install = await installWithSession();
  const { code, output } = await runScript('rotate-auth-secret.ts', [], install.env);
  expect(code, output).toBe(0);
  expect(output).toContain('✓ auth secret retired: 1 session ended');
  expect(output).toContain('accounts, organizations, invitations and API keys kept');
  const newSecret = readFileSync(join(install.home, 'auth-secret'), 'utf8').trim();
  expect(newSecret).not.toBe(oldSecret);
  expect(output).not.toContain(newSecret);
  expect(output).not.toContain(oldSecret);
});

it('with the secret in the environment, generates the new one only into the file named', async () => {
  const install = await installWithSession();
  const file = join(install.home, 'next-auth-secret');
  const { code, output } = await runScript('rotate-auth-secret.ts', ['--new-secret-file', file], {
    ...install.env,
    BETTER_AUTH_SECRET: oldSecret,
  });
  expect(code, output).toBe(0);
  expect(output).toContain(`Now set BETTER_AUTH_SECRET to the content of ${file}`);
  expect(output).not.toContain(readFileSync(file, 'utf8').trim());
  // The local secret file is left alone: this install's secret comes from the environment.
  expect(readFileSync(join(install.home, 'auth-secret'), 'utf8').trim()).toBe(oldSecret);
});
