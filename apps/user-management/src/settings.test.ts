import { describe, expect, it } from 'vitest';
import { loadGatewaySettings } from './settings.ts';

const home = { LIFEOSAI_HOME: '/tmp/lifeosai-settings-test' };

describe('gateway settings', () => {
  it('defaults to loopback services and the web app the auth service trusts', () => {
    const settings = loadGatewaySettings(home);
    expect(settings).toMatchObject({
      authUrl: 'http://127.0.0.1:3002',
      agentApiUrl: 'http://127.0.0.1:4000',
      // Both loopback spellings: a browser opened on localhost:3000 must be able to sign in too.
      webOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000'],
      filesRoot: '/tmp/lifeosai-settings-test/files',
      trustProxy: false,
      identityCacheMs: 5000,
    });
  });

  it('puts the public URL first, then the other trusted origins', () => {
    const settings = loadGatewaySettings({
      ...home,
      LIFEOSAI_PUBLIC_URL: 'https://lifeos.example.com/app',
      LIFEOSAI_TRUSTED_ORIGINS: 'https://admin.example.com, http://localhost:3000',
      LIFEOSAI_TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(settings.webOrigins).toEqual([
      'https://lifeos.example.com',
      'https://admin.example.com',
      'http://localhost:3000',
    ]);
    expect(settings.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadGatewaySettings({ ...home, LIFEOSAI_ORG_QUOTA_BYTES: 'lots' })).toThrow(
      /LIFEOSAI_ORG_QUOTA_BYTES/,
    );
  });
});
