import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVapidKeys } from '@lifeosai/secrets';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAgentApiSettings } from './settings.ts';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-agent-api-settings-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

const cloud = (home: string) => ({
  LIFEOSAI_HOME: home,
  LIFEOSAI_MODE: 'cloud',
  DATABASE_URL: 'postgres://lifeosai@127.0.0.1:5432/lifeosai',
  LIFEOSAI_SERVICE_SECRET: 's'.repeat(48),
});

describe('Web Push settings', () => {
  it('local mode: a VAPID pair generated once under the data directory, a placeholder contact', () => {
    const home = tempHome();
    const first = loadAgentApiSettings({ LIFEOSAI_HOME: home });
    expect(first.vapid).toMatchObject({ subject: 'mailto:operator@lifeosai.invalid' });
    expect(statSync(join(home, 'vapid.json')).mode & 0o777).toBe(0o600);
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: home }).vapid).toEqual(first.vapid);
    const https = loadAgentApiSettings({
      LIFEOSAI_HOME: home,
      LIFEOSAI_PUBLIC_URL: 'https://lifeos.example.com/app',
    });
    expect(https.vapid?.subject).toBe('https://lifeos.example.com');
    const given = loadAgentApiSettings({
      LIFEOSAI_HOME: home,
      LIFEOSAI_VAPID_SUBJECT: 'mailto:ops@example.com',
    });
    expect(given.vapid?.subject).toBe('mailto:ops@example.com');
  });

  it('cloud mode: the pair from the environment, or push off without it', () => {
    const pair = generateVapidKeys();
    const withKeys = loadAgentApiSettings({
      ...cloud(tempHome()),
      LIFEOSAI_VAPID_PUBLIC_KEY: pair.publicKey,
      LIFEOSAI_VAPID_PRIVATE_KEY: pair.privateKey,
    });
    expect(withKeys.vapid).toEqual({ ...pair, subject: 'mailto:operator@lifeosai.invalid' });
    expect(loadAgentApiSettings(cloud(tempHome())).vapid).toBeUndefined();
  });

  it('refuses a contact that is neither mailto: nor https:, naming the variable', () => {
    expect(() =>
      loadAgentApiSettings({ LIFEOSAI_HOME: tempHome(), LIFEOSAI_VAPID_SUBJECT: 'http://example.com' }),
    ).toThrow(/LIFEOSAI_VAPID_SUBJECT: expected mailto:you@example.com or an https:\/\/ URL/);
  });
});

describe('Twilio settings', () => {
  it('reads TWILIO_AUTH_TOKEN trimmed, and none when it is unset or blank', () => {
    const home = tempHome();
    expect(
      loadAgentApiSettings({ LIFEOSAI_HOME: home, TWILIO_AUTH_TOKEN: ' tok-123 \n' }).twilioAuthToken,
    ).toBe('tok-123');
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: home }).twilioAuthToken).toBeUndefined();
    expect(() => loadAgentApiSettings({ LIFEOSAI_HOME: home, TWILIO_AUTH_TOKEN: '  ' })).toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
  });
});

describe('phone bridge settings', () => {
  it("reaches Gemini Live at GEMINI_LIVE_BASE_URL, else GEMINI_BASE_URL, else the provider's default", () => {
    const home = tempHome();
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: home }).voiceBaseUrls).toEqual({});
    expect(
      loadAgentApiSettings({ LIFEOSAI_HOME: home, GEMINI_BASE_URL: 'http://127.0.0.1:9000' }).voiceBaseUrls,
    ).toEqual({ gemini: 'http://127.0.0.1:9000' });
    expect(
      loadAgentApiSettings({
        LIFEOSAI_HOME: home,
        GEMINI_BASE_URL: 'http://127.0.0.1:9000',
        GEMINI_LIVE_BASE_URL: 'ws://127.0.0.1:9001',
      }).voiceBaseUrls,
    ).toEqual({ gemini: 'ws://127.0.0.1:9001' });
    expect(() => loadAgentApiSettings({ LIFEOSAI_HOME: home, GEMINI_LIVE_BASE_URL: 'not a url' })).toThrow(
      /GEMINI_LIVE_BASE_URL/,
    );
  });
});

describe('billing setting', () => {
  it('is on with STRIPE_SECRET_KEY set (its value is not kept), unless LIFEOSAI_BILLING says', () => {
    const home = tempHome();
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: home }).billingEnabled).toBe(false);
    const withKey = loadAgentApiSettings({ LIFEOSAI_HOME: home, STRIPE_SECRET_KEY: 'sk_test_secret_value' });
    expect(withKey.billingEnabled).toBe(true);
    expect(JSON.stringify(withKey)).not.toContain('sk_test_secret_value');
    expect(
      loadAgentApiSettings({ LIFEOSAI_HOME: home, STRIPE_SECRET_KEY: 'sk_test_x', LIFEOSAI_BILLING: 'off' })
        .billingEnabled,
    ).toBe(false);
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: home, LIFEOSAI_BILLING: 'on' }).billingEnabled).toBe(true);
    expect(() => loadAgentApiSettings({ LIFEOSAI_HOME: home, LIFEOSAI_BILLING: 'yes' })).toThrow(
      /LIFEOSAI_BILLING: expected on or off/,
    );
  });
});

describe('the role setting (LIFEOSAI_ROLE)', () => {
  it('is all by default; api and worker only in cloud mode; anything else names the variable', () => {
    expect(loadAgentApiSettings({ LIFEOSAI_HOME: tempHome() }).role).toBe('all');
    expect(loadAgentApiSettings({ ...cloud(tempHome()), LIFEOSAI_ROLE: 'api' }).role).toBe('api');
    expect(loadAgentApiSettings({ ...cloud(tempHome()), LIFEOSAI_ROLE: 'worker' }).role).toBe('worker');
    expect(() => loadAgentApiSettings({ LIFEOSAI_HOME: tempHome(), LIFEOSAI_ROLE: 'worker' })).toThrow(
      /LIFEOSAI_ROLE: worker needs cloud mode/,
    );
    expect(() => loadAgentApiSettings({ ...cloud(tempHome()), LIFEOSAI_ROLE: 'both' })).toThrow(
      /LIFEOSAI_ROLE: expected all, api or worker/,
    );
  });
});
