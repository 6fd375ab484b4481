import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { databaseFileFor } from './paths.ts';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-config-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('defaults to local mode in ~/.lifeosai with the standard ports', () => {
    const config = loadConfig({ env: {}, userHome: '/home/someone' });
    expect(config).toEqual({
      mode: 'local',
      home: '/home/someone/.lifeosai',
      host: '127.0.0.1',
      ports: { web: 3000, userManagement: 3001, auth: 3002, agentApi: 4000 },
      allowImpersonation: false,
      logLevel: 'info',
      plans: [],
      billingMeterEvent: 'lifeosai_usage',
      oauthProviders: {},
      npmRegistry: 'https://registry.npmjs.org',
    });
    expect(databaseFileFor(config)).toBe('/home/someone/.lifeosai/lifeosai.db');
  });

  it('reads config.json and lets the environment override it', () => {
    const home = tempHome();
    writeFileSync(join(home, 'config.json'), JSON.stringify({ ports: { web: 8080, agentApi: 4100 } }));
    const config = loadConfig({ env: { LIFEOSAI_HOME: home, LIFEOSAI_AGENT_API_PORT: '4200' } });
    expect(config.ports).toEqual({ web: 8080, userManagement: 3001, auth: 3002, agentApi: 4200 });
  });

  it('names the environment variable and what is expected for a bad port', () => {
    expect(() => loadConfig({ env: { LIFEOSAI_HOME: tempHome(), LIFEOSAI_WEB_PORT: 'eighty' } })).toThrow(
      /ports\.web \(from environment variable LIFEOSAI_WEB_PORT\): expected a port number/,
    );
    expect(() => loadConfig({ env: { LIFEOSAI_HOME: tempHome(), LIFEOSAI_WEB_PORT: '70000' } })).toThrow(
      /expected a port between 1 and 65535/,
    );
  });

  it('names the config file key for a bad value there', () => {
    const home = tempHome();
    writeFileSync(join(home, 'config.json'), JSON.stringify({ mode: 'hybrid' }));
    expect(() => loadConfig({ env: { LIFEOSAI_HOME: home } })).toThrow(
      /mode \(from .*config\.json → "mode"\): expected "local" or "cloud"/,
    );
  });

  it('refuses a config.json that is not JSON, saying which file', () => {
    const home = tempHome();
    writeFileSync(join(home, 'config.json'), '{ports: 1');
    expect(() => loadConfig({ env: { LIFEOSAI_HOME: home } })).toThrow(/config\.json is not valid JSON/);
  });

  it('turns impersonation on only when the operator says so, and refuses anything but true or false', () => {
    const home = tempHome();
    expect(
      loadConfig({ env: { LIFEOSAI_HOME: home, LIFEOSAI_ALLOW_IMPERSONATION: 'true' } }).allowImpersonation,
    ).toBe(true);
    expect(
      loadConfig({ env: { LIFEOSAI_HOME: home, LIFEOSAI_ALLOW_IMPERSONATION: 'false' } }).allowImpersonation,
    ).toBe(false);
    writeFileSync(join(home, 'config.json'), JSON.stringify({ allowImpersonation: true }));
    expect(loadConfig({ env: { LIFEOSAI_HOME: home } }).allowImpersonation).toBe(true);
    expect(() => loadConfig({ env: { LIFEOSAI_HOME: home, LIFEOSAI_ALLOW_IMPERSONATION: 'yes' } })).toThrow(
      /allowImpersonation \(from environment variable LIFEOSAI_ALLOW_IMPERSONATION\): expected true or false/,
    );
  });

  it('requires DATABASE_URL in cloud mode', () => {
    const env = { LIFEOSAI_HOME: tempHome(), LIFEOSAI_MODE: 'cloud' };
    expect(() => loadConfig({ env })).toThrow(
      /databaseUrl .*cloud mode needs a Postgres URL \(set DATABASE_URL\)/,
    );
    const config = loadConfig({ env: { ...env, DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/app' } });
    expect(config.mode).toBe('cloud');
    expect(() => loadConfig({ env: { ...env, DATABASE_URL: 'mysql://x' } })).toThrow(
      /databaseUrl \(from environment variable DATABASE_URL\): expected a postgres:\/\//,
    );
  });
});
