import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGatewaySettings } from './settings.ts';

const serviceSecret = 'settings-test-service-secret-0123456789-abcdef';
const home = { LIFEOSAI_HOME: '/tmp/lifeosai-settings-test', LIFEOSAI_SERVICE_SECRET: serviceSecret };

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
      identityCacheMs: 60_000,
      serviceSecret,
    });
  });

  it('shares the local service secret file, and requires LIFEOSAI_SERVICE_SECRET in cloud mode', () => {
    const local = mkdtempSync(join(tmpdir(), 'lifeosai-gateway-settings-'));
    try {
      const settings = loadGatewaySettings({ LIFEOSAI_HOME: local });
      expect(settings.serviceSecret).toBe(readFileSync(join(local, 'service-secret'), 'utf8').trim());
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
    const cloud = { ...home, LIFEOSAI_MODE: 'cloud', DATABASE_URL: 'postgres://u:p@127.0.0.1/app' };
    expect(loadGatewaySettings(cloud).serviceSecret).toBe(serviceSecret);
    expect(() => loadGatewaySettings({ ...cloud, LIFEOSAI_SERVICE_SECRET: '' })).toThrow(
      /LIFEOSAI_SERVICE_SECRET is required in cloud mode/,
    );
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

  it('keeps files in $LIFEOSAI_HOME/files, LIFEOSAI_FILES_DIR or a Cloud Storage bucket', () => {
    expect(loadGatewaySettings(home).filesBackend).toEqual({
      kind: 'local',
      root: '/tmp/lifeosai-settings-test/files',
    });
    const nfs = loadGatewaySettings({ ...home, LIFEOSAI_FILES_DIR: '/mnt/lifeosai-files' });
    expect([nfs.filesRoot, nfs.filesBackend]).toEqual([
      '/mnt/lifeosai-files',
      { kind: 'local', root: '/mnt/lifeosai-files' },
    ]);
    const gcs = { ...home, LIFEOSAI_FILES_BACKEND: 'gcs', LIFEOSAI_FILES_BUCKET: 'acme-lifeosai-files' };
    expect(loadGatewaySettings(gcs).filesBackend).toEqual({ kind: 'gcs', bucket: 'acme-lifeosai-files' });
    expect(
      loadGatewaySettings({ ...gcs, LIFEOSAI_GCS_API_ENDPOINT: 'http://127.0.0.1:4443/' }).filesBackend,
    ).toEqual({ kind: 'gcs', bucket: 'acme-lifeosai-files', apiEndpoint: 'http://127.0.0.1:4443' });
    expect(() => loadGatewaySettings({ ...gcs, LIFEOSAI_FILES_BUCKET: undefined })).toThrow(
      /LIFEOSAI_FILES_BUCKET: required with LIFEOSAI_FILES_BACKEND=gcs/,
    );
    expect(() => loadGatewaySettings({ ...gcs, LIFEOSAI_FILES_BUCKET: 'Bad Bucket' })).toThrow(
      /LIFEOSAI_FILES_BUCKET/,
    );
    expect(() => loadGatewaySettings({ ...home, LIFEOSAI_FILES_BACKEND: 's3' })).toThrow(
      /LIFEOSAI_FILES_BACKEND/,
    );
  });

  it('names the variable that is wrong', () => {
    expect(() => loadGatewaySettings({ ...home, LIFEOSAI_ORG_QUOTA_BYTES: 'lots' })).toThrow(
      /LIFEOSAI_ORG_QUOTA_BYTES/,
    );
  });

  it('turns billing on with STRIPE_SECRET_KEY only, needs its webhook secret then, and never echoes a value', () => {
    expect(loadGatewaySettings(home).stripe).toBeUndefined();
    expect(loadGatewaySettings({ ...home, STRIPE_WEBHOOK_SECRET: 'whsec_x' }).stripe).toBeUndefined();
    const on = { ...home, STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_def456' };
    expect(loadGatewaySettings({ ...on, STRIPE_API_BASE: 'http://127.0.0.1:12111' }).stripe).toEqual({
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_def456',
      apiBase: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    expect(loadGatewaySettings(on).stripe?.apiBase).toBeUndefined();
    expect(() => loadGatewaySettings({ ...on, STRIPE_WEBHOOK_SECRET: '' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => loadGatewaySettings({ ...on, STRIPE_API_BASE: 'ftp://x' })).toThrow(/STRIPE_API_BASE/);
    const wrongKey = () => loadGatewaySettings({ ...on, STRIPE_SECRET_KEY: 'pk_live_published_key' });
    expect(wrongKey).toThrow(/STRIPE_SECRET_KEY/);
    expect(wrongKey).not.toThrow(/pk_live_published_key/);
  });
});
