import { startFakeNpmRegistry } from '@lifeosai/testkit/fake-npm-registry';
import { claudePluginHelloFolder, packFolder } from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchNpmPlugin } from './npm.ts';
import { readPluginArchive } from './read-plugin-archive.ts';

describe('fetchNpmPlugin', () => {
  let registry: Awaited<ReturnType<typeof startFakeNpmRegistry>>;
  beforeAll(async () => {
    registry = await startFakeNpmRegistry();
    registry.publish({ folder: claudePluginHelloFolder });
    registry.publish({ folder: claudePluginHelloFolder, version: '1.1.0' });
    registry.publish({ folder: claudePluginHelloFolder, name: '@acme/hello', version: '1.0.0' });
    registry.publish({
      folder: claudePluginHelloFolder,
      name: 'forged',
      version: '1.0.0',
      integrity: `sha512-${'A'.repeat(86)}==`,
    });
    registry.publish({ tarball: packFolder(claudePluginHelloFolder, 'tgz'), name: 'big', version: '1.0.0' });
  });
  afterAll(() => registry.close());

  it('downloads the exact version through the packument and verifies its integrity', async () => {
    const fetched = await fetchNpmPlugin('lifeosai-plugin-hello@1.0.0', registry.url);
    expect(fetched).toMatchObject({
      name: 'lifeosai-plugin-hello',
      version: '1.0.0',
      spec: 'lifeosai-plugin-hello@1.0.0',
    });
    expect(fetched.integrity).toMatch(/^sha512-/);
    expect((await readPluginArchive(fetched.archive)).manifest.name).toBe('hello-plugin');
    expect(registry.requests().slice(-2)).toEqual([
      '/lifeosai-plugin-hello',
      '/lifeosai-plugin-hello/-/lifeosai-plugin-hello-1.0.0.tgz',
    ]);
  });

  it('encodes a scoped name in the packument request', async () => {
    const fetched = await fetchNpmPlugin('@acme/hello@1.0.0', registry.url.slice(0, -1));
    expect(fetched.name).toBe('@acme/hello');
  });

  it.each([
    ['a forged integrity', 'forged@1.0.0', /does not match its integrity/],
    ['an unknown package', 'nobody-here@1.0.0', /no package nobody-here/],
    ['an unknown version', 'lifeosai-plugin-hello@9.9.9', /has no version 9.9.9/],
    ['a range', 'lifeosai-plugin-hello@^1.0.0', /exact version/],
    ['a tag', 'lifeosai-plugin-hello@latest', /exact version/],
  ])('refuses %s with PLUGIN_FETCH_FAILED', async (_name, spec, reason) => {
    await expect(fetchNpmPlugin(spec, registry.url)).rejects.toMatchObject({
      code: 'PLUGIN_FETCH_FAILED',
      status: 502,
      message: expect.stringMatching(reason),
    });
  });

  it('refuses a tarball past the size cap, and an unreachable registry', async () => {
    await expect(fetchNpmPlugin('big@1.0.0', registry.url, { maxTarballBytes: 100 })).rejects.toThrow(
      /larger than 100 bytes/,
    );
    await expect(fetchNpmPlugin('big@1.0.0', 'http://127.0.0.1:1/')).rejects.toThrow(/unreachable/);
  });

  it('refuses a tarball served from another origin than the registry', async () => {
    const elsewhere: typeof fetch = async (input) => {
      const url = String(input);
      if (url.endsWith('/evil')) {
        return Response.json({
          versions: { '1.0.0': { dist: { tarball: 'http://169.254.169.254/x.tgz', integrity: 'sha512-x' } } },
        });
      }
      return new Response('unexpected', { status: 500 });
    };
    await expect(fetchNpmPlugin('evil@1.0.0', registry.url, { fetch: elsewhere })).rejects.toThrow(
      /not served by the registry/,
    );
  });
});
