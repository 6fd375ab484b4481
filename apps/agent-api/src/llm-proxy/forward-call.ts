import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { KnownProviderId } from '@lifeosai/config';
import { errorCodes, PlatformError } from '@lifeosai/errors';
import type { EgressPolicy } from '@lifeosai/sandbox';
import { type Dispatcher, request, Agent as UndiciAgent } from 'undici';
import type { UpstreamBody } from './request-body.ts';
import type { UpstreamTarget } from './upstream-target.ts';

/**
 * The proxy's connection pool. No header or body timeouts: a model may think for minutes
 * before its first byte or between two, and a stalled call is the run's stall watchdog's to
 * end (the harness then drops the connection and the proxy drops the upstream one).
 */
export function createUpstreamPool(policy?: EgressPolicy): Dispatcher {
  return new UndiciAgent({
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 30_000,
    ...(policy && { connect: { lookup: policedLookup(policy) } }),
  });
}

/** The code of a connection the egress policy refused (see `policedLookup`). */
const egressRefused = errorCodes.EGRESS_REFUSED.code;

function refusal(hostname: string): Error {
  return Object.assign(
    new Error(
      `${hostname} is a loopback, private or link-local address, which a base URL set in the platform may not reach (an operator can allow it with LIFEOSAI_SANDBOX_ALLOW)`,
    ),
    { code: egressRefused },
  );
}

/**
 * For a base URL whose host is an address, not a name (no lookup happens for those): the
 * same rule as `policedLookup`, checked before connecting. Throws the refusal.
 */
export function checkAddressHost(url: string, policy: EgressPolicy): void {
  const { hostname, port, protocol } = new URL(url);
  const address = hostname.replace(/^\[|\]$/g, '');
  if (isIP(address) === 0) return;
  if (!policy.permits(address, address, Number(port || (protocol === 'https:' ? 443 : 80))))
    throw refusal(address);
}

/**
 * Name resolution for base URLs an organization or agent set: the connection goes only to an
 * address the run sandbox's egress policy permits (public addresses; loopback, link-local and
 * private ones only as the operator allows in LIFEOSAI_SANDBOX_ALLOW) — the one judged, so a
 * name that resolves differently next time cannot reach the platform's own ports or cloud
 * metadata through the proxy. The operator's own base URLs (the environment) are not policed.
 */
function policedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    const port = Number((options as { port?: number }).port ?? 0);
    dnsLookup(hostname, { all: true, verbatim: true }).then(
      (found) => {
        const allowed = found.find((entry) => policy.permits(hostname, entry.address, port || 443));
        if (!allowed) {
          callback(refusal(hostname), '', 4);
          return;
        }
        if ((options as { all?: boolean }).all) {
          (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, [allowed]);
        } else callback(null, allowed.address, allowed.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
}

/**
 * Sends a call upstream, streaming its body, and resolves on the response's headers with
 * its body unread. A provider that cannot be reached is a 502 naming the base URL (never
 * the key), which every harness reads as a provider failure.
 */
export async function forwardCall(
  dispatcher: Dispatcher,
  provider: KnownProviderId,
  method: string,
  target: UpstreamTarget,
  upload: UpstreamBody,
  signal: AbortSignal,
  /** The egress policy a user-set base URL is held to (its names are checked at connect time). */
  policy?: EgressPolicy,
): Promise<Dispatcher.ResponseData> {
  const headers = { ...target.headers };
  if (upload.contentLength !== undefined) headers['content-length'] = String(upload.contentLength);
  try {
    if (policy) checkAddressHost(target.url, policy);
    return await request(target.url, {
      dispatcher,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: upload.body ?? null,
      signal,
    });
  } catch (error) {
    if (error instanceof PlatformError) throw error;
    if (signal.aborted) throw error;
    const cause = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
    const code = cause.cause?.code ?? cause.code;
    const reason =
      code === egressRefused
        ? (cause.cause?.message ?? cause.message)
        : (code ?? cause.message ?? 'connection failed');
    throw new PlatformError(
      'PROVIDER_UNREACHABLE',
      `The LLM proxy could not reach the ${provider} API at ${target.displayBase} (${reason}); ` +
        'check the base URL and that the server is running.',
      { cause: error },
    );
  }
}
