import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAuthSettings } from './settings.ts';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-auth-settings-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('loadAuthSettings', () => {
  it('runs local mode on the SQLite file with a secret generated once into auth-secret (0600)', () => {
    const home = tempHome();
    const settings = loadAuthSettings({ LIFEOSAI_HOME: home });
    expect(settings.service).toMatchObject({
      database: { dialect: 'sqlite', path: join(home, 'lifeosai.db') },
      baseUrl: 'http://127.0.0.1:3000',
      trustedProxyHeaders: ['x-forwarded-for'],
      mode: 'local',
      socialProviders: {},
    });
    // No proxy is believed unless configured: not even loopback.
    expect(settings.service.trustedNetworks).toBeUndefined();
    expect(settings.service.serviceSecret).toBe(readFileSync(join(home, 'service-secret'), 'utf8').trim());
    expect(statSync(join(home, 'service-secret')).mode & 0o777).toBe(0o600);
    expect(settings.smtp).toBeUndefined();
    const file = join(home, 'auth-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(settings.service.secret);
    expect(settings.service.secret.length).toBeGreaterThanOrEqual(32);

    chmodSync(file, 0o644);
    expect(loadAuthSettings({ LIFEOSAI_HOME: home }).service.secret).toBe(settings.service.secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prefers BETTER_AUTH_SECRET and requires it in cloud mode', () => {
    const secret = 's'.repeat(40);
    expect(loadAuthSettings({ LIFEOSAI_HOME: tempHome(), BETTER_AUTH_SECRET: secret }).service.secret).toBe(
      secret,
    );
    const cloud = {
      LIFEOSAI_HOME: tempHome(),
      LIFEOSAI_MODE: 'cloud',
      DATABASE_URL: 'postgres://u:p@127.0.0.1/app',
    };
    expect(() => loadAuthSettings(cloud)).toThrow(/BETTER_AUTH_SECRET is required in cloud mode/);
    expect(() => loadAuthSettings({ ...cloud, BETTER_AUTH_SECRET: secret })).toThrow(
      /LIFEOSAI_SERVICE_SECRET is required in cloud mode/,
    );
    const serviceSecret = 'v'.repeat(40);
    Object.assign(cloud, { LIFEOSAI_SERVICE_SECRET: serviceSecret });
    expect(() => loadAuthSettings({ ...cloud, BETTER_AUTH_SECRET: 'short' })).toThrow(
      /BETTER_AUTH_SECRET: must be at least 32 characters/,
    );
    expect(loadAuthSettings({ ...cloud, BETTER_AUTH_SECRET: secret }).service).toMatchObject({
      database: { dialect: 'postgres', url: 'postgres://u:p@127.0.0.1/app' },
      mode: 'cloud',
      serviceSecret,
    });
  });

  it('configures Google, Microsoft and SMTP from the environment, naming a missing half', () => {
    const home = tempHome();
    const settings = loadAuthSettings({
      LIFEOSAI_HOME: home,
      LIFEOSAI_PUBLIC_URL: 'https://lifeos.example.com',
      GOOGLE_CLIENT_ID: 'g-id',
      GOOGLE_CLIENT_SECRET: 'g-secret',
      MICROSOFT_CLIENT_ID: 'm-id',
      MICROSOFT_CLIENT_SECRET: 'm-secret',
      MICROSOFT_TENANT_ID: 'organizations',
      SMTP_URL: 'smtps://user:pass@mail.example.com',
      LIFEOSAI_TRUSTED_NETWORKS: '10.8.0.0/16, 127.0.0.1',
    });
    expect(settings.service).toMatchObject({
      baseUrl: 'https://lifeos.example.com',
      trustedNetworks: ['10.8.0.0/16', '127.0.0.1'],
      socialProviders: {
        google: { clientId: 'g-id', clientSecret: 'g-secret' },
        microsoft: { clientId: 'm-id', clientSecret: 'm-secret', tenantId: 'organizations' },
      },
    });
    expect(settings.smtp).toEqual({
      url: 'smtps://user:pass@mail.example.com',
      from: 'LIFEOSAI <no-reply@localhost>',
    });
    expect(() => loadAuthSettings({ LIFEOSAI_HOME: home, GOOGLE_CLIENT_ID: 'g-id' })).toThrow(
      'Set both GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or neither (only one is set).',
    );
    expect(() => loadAuthSettings({ LIFEOSAI_HOME: home, SMTP_URL: 'mail.example.com' })).toThrow(
      /SMTP_URL: expected smtp:\/\/ or smtps:\/\//,
    );
  });

  it('takes LIFEOSAI_REQUIRE_EMAIL_VERIFICATION as true or false, and leaves the mode default otherwise', () => {
    const home = tempHome();
    expect(loadAuthSettings({ LIFEOSAI_HOME: home }).service.requireEmailVerification).toBeUndefined();
    expect(
      loadAuthSettings({ LIFEOSAI_HOME: home, LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: 'true' }).service
        .requireEmailVerification,
    ).toBe(true);
    expect(
      loadAuthSettings({ LIFEOSAI_HOME: home, LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: 'false' }).service
        .requireEmailVerification,
    ).toBe(false);
    expect(() =>
      loadAuthSettings({ LIFEOSAI_HOME: home, LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: 'yes' }),
    ).toThrow(/LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: expected true or false/);
  });
});
