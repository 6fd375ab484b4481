import { createHash } from 'node:crypto';
import { PlatformError } from '@lifeosai/errors';
import { z } from 'zod';
import { pluginVersionPattern } from './manifest.ts';

/** A package downloaded from the registry and verified against its `dist.integrity`. */
export interface NpmPluginPackage {
  /** The tarball's bytes. */
  archive: Uint8Array;
  name: string;
  version: string;
  /** `name@version`. */
  spec: string;
  /** The registry's `sha512-<base64>`, verified. */
  integrity: string;
}

/** Options of `fetchNpmPlugin`. */
export interface FetchNpmPluginOptions {
  /** Injected for tests; the global fetch by default. */
  fetch?: typeof fetch;
  /** The largest tarball accepted, in bytes (20 MiB by default). */
  maxTarballBytes?: number;
  /** Gives up after this long, in milliseconds (30 s by default). */
  timeoutMs?: number;
}

const specPattern = /^((?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*)@(.+)$/;

const packumentSchema = z.object({
  versions: z.record(
    z.string(),
    z.looseObject({
      dist: z.looseObject({ tarball: z.string(), integrity: z.string().optional() }),
    }),
  ),
});

function fetchFailed(reason: string): PlatformError {
  return new PlatformError('PLUGIN_FETCH_FAILED', `The npm registry did not give the plugin: ${reason}.`);
}

/**
 * Downloads `name@version` (an exact version; ranges and tags are refused) through the
 * registry's packument (`GET <registry>/<name>`, a scoped name encoded as `@scope%2fname`),
 * verifies the tarball against `dist.integrity` (sha512 required) and a size cap. The tarball
 * must be served from the registry's own origin, so a package cannot point the server at
 * another host. Throws `PLUGIN_FETCH_FAILED` (502) with the reason.
 */
export async function fetchNpmPlugin(
  spec: string,
  registry: string,
  options: FetchNpmPluginOptions = {},
): Promise<NpmPluginPackage> {
  const match = specPattern.exec(spec);
  const [, name, version] = match ?? [];
  if (!name || !version || !pluginVersionPattern.test(version)) {
    throw fetchFailed(`${JSON.stringify(spec)} is not name@version with an exact version`);
  }
  const doFetch = options.fetch ?? fetch;
  const maxBytes = options.maxTarballBytes ?? 20 * 1024 * 1024;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  const packumentUrl = new URL(name.replace('/', '%2f'), base);

  const packumentResponse = await doFetch(packumentUrl, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal,
  }).catch(() => {
    throw fetchFailed('the registry is unreachable');
  });
  if (packumentResponse.status === 404) throw fetchFailed(`no package ${name}`);
  if (!packumentResponse.ok)
    throw fetchFailed(`the registry answered ${packumentResponse.status} for ${name}`);
  const packument = packumentSchema.safeParse(await packumentResponse.json().catch(() => null));
  if (!packument.success) throw fetchFailed(`the registry's answer for ${name} is not a packument`);
  const dist = packument.data.versions[version]?.dist;
  if (!dist) throw fetchFailed(`${name} has no version ${version}`);
  const integrity = dist.integrity;
  if (!integrity?.startsWith('sha512-')) throw fetchFailed(`${name}@${version} has no sha512 integrity`);
  const tarballUrl = URL.canParse(dist.tarball) ? new URL(dist.tarball) : null;
  if (!tarballUrl || tarballUrl.origin !== packumentUrl.origin) {
    throw fetchFailed(`the tarball of ${name}@${version} is not served by the registry`);
  }

  const tarballResponse = await doFetch(tarballUrl, { redirect: 'error', signal }).catch(() => {
    throw fetchFailed('the registry is unreachable');
  });
  if (!tarballResponse.ok || !tarballResponse.body) {
    throw fetchFailed(
      `the registry answered ${tarballResponse.status} for the tarball of ${name}@${version}`,
    );
  }
  const declared = Number(tarballResponse.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw fetchFailed(`the tarball is larger than ${maxBytes} bytes`);
  const archive = await readCapped(tarballResponse.body, maxBytes);
  const actual = `sha512-${createHash('sha512').update(archive).digest('base64')}`;
  if (actual !== integrity)
    throw fetchFailed(`the tarball of ${name}@${version} does not match its integrity`);
  return { archive, name, version, spec: `${name}@${version}`, integrity };
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) throw fetchFailed(`the tarball is larger than ${maxBytes} bytes`);
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    throw fetchFailed('the download broke off');
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
