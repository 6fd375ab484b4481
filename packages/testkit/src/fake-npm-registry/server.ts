import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { packFolder } from '../plugin-archives/index.ts';

/** A package version the fake serves. */
export interface FakeNpmPackage {
  name: string;
  version: string;
  /** The tarball as served. */
  tarball: Uint8Array;
  /** The `dist.integrity` the packument announces (the tarball's real sha512 unless forged). */
  integrity: string;
}

/** What `publish` takes: a folder (its package.json gives name and version) or a ready tarball. */
export type FakeNpmPublish =
  | { folder: string; name?: string; version?: string; integrity?: string }
  | { tarball: Uint8Array; name: string; version: string; integrity?: string };

export interface FakeNpmRegistry extends AsyncDisposable {
  /** The registry's URL, e.g. `http://127.0.0.1:41234/` (what `LIFEOSAI_NPM_REGISTRY` takes). */
  url: string;
  /** Adds a version; `integrity` forges the announced checksum (to test that it is verified). */
  publish(input: FakeNpmPublish): FakeNpmPackage;
  /** Paths requested so far (`/lifeosai-plugin-hello`, `/lifeosai-plugin-hello/-/…tgz`), oldest first. */
  requests(): string[];
  close(): Promise<void>;
}

/**
 * An npm registry on loopback with the two reads an install makes: the packument
 * (`GET /<name>`, a scoped name as `@scope%2fname` or `@scope/name`) and the tarball
 * (`GET /<name>/-/<basename>-<version>.tgz`). Packages live in memory, packed from folders in
 * npm's layout (`package/…`). Anything else answers 404 like the real registry.
 */
export async function startFakeNpmRegistry(options: { port?: number } = {}): Promise<FakeNpmRegistry> {
  const packages = new Map<string, Map<string, FakeNpmPackage>>();
  const seen: string[] = [];
  let origin = '';

  const tarballPath = (name: string, version: string) =>
    `/${name}/-/${name.split('/').at(-1)}-${version}.tgz`;

  const server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/');
    seen.push(path);
    const send = (status: number, body: string | Uint8Array, type: string) => {
      response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (request.method !== 'GET') return send(405, '{"error":"method not allowed"}', 'application/json');
    const tarball = /^\/(.+)\/-\/[^/]+-([^/]+)\.tgz$/.exec(path);
    if (tarball?.[1] && tarball[2]) {
      const found = packages.get(tarball[1])?.get(tarball[2]);
      if (!found || tarballPath(found.name, found.version) !== path)
        return send(404, '{"error":"not found"}', 'application/json');
      return send(200, found.tarball, 'application/octet-stream');
    }
    const versions = packages.get(path.slice(1));
    if (!versions) return send(404, '{"error":"not found"}', 'application/json');
    const latest = [...versions.keys()].at(-1);
    const packument = {
      name: path.slice(1),
      'dist-tags': { latest },
      versions: Object.fromEntries(
        [...versions.values()].map((item) => [
          item.version,
          {
            name: item.name,
            version: item.version,
            dist: {
              tarball: `${origin}${tarballPath(item.name, item.version)}`,
              integrity: item.integrity,
              shasum: createHash('sha1').update(item.tarball).digest('hex'),
            },
          },
        ]),
      ),
    };
    return send(200, JSON.stringify(packument), 'application/json');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `${origin}/`,
    publish(input) {
      let name: string;
      let version: string;
      let tarball: Uint8Array;
      if ('folder' in input) {
        const manifest = JSON.parse(readFileSync(join(input.folder, 'package.json'), 'utf8')) as {
          name: string;
          version: string;
        };
        name = input.name ?? manifest.name;
        version = input.version ?? manifest.version;
        tarball = packFolder(input.folder, 'tgz');
      } else {
        ({ name, version, tarball } = input);
      }
      const integrity = input.integrity ?? `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
      const item = { name, version, tarball, integrity };
      const versions = packages.get(name) ?? new Map<string, FakeNpmPackage>();
      versions.set(version, item);
      packages.set(name, versions);
      return item;
    },
    requests: () => [...seen],
    close,
    [Symbol.asyncDispose]: close,
  };
}
