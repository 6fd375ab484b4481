import type { IncomingHttpHeaders } from 'node:http';
import { type KnownProviderId, providerFacts } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import type { ResolvedCredential } from '../credentials/provider-credentials.ts';

/** Where a proxied call goes and what it carries. */
export interface UpstreamTarget {
  /** `<upstream base URL><rest of the path>[?query without key]`. */
  url: string;
  /** The client's headers without its token, hop-by-hop headers or cookies, plus the real key. */
  headers: Record<string, string | string[]>;
  /** The upstream base URL without credentials, for messages. */
  displayBase: string;
}

// Hop-by-hop (RFC 9110 §7.6.1), the client's own credentials, and what the proxy sets itself.
const droppedRequestHeaders = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-api-key',
  'authorization',
  'x-goog-api-key',
  'cookie',
  'accept-encoding',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

/**
 * Maps `<proxy>/llm/<provider><rest>` to `<upstream base><rest>` exactly as a direct call
 * would have joined the client's path to the base URL (the proxy's base URL stands in for
 * the upstream's, in the same SDK convention), drops the client's token wherever it was
 * (`?key=` included) and adds the real key in the provider's own header.
 */
export function upstreamTarget(
  provider: KnownProviderId,
  credential: ResolvedCredential,
  rawRest: string,
  headers: IncomingHttpHeaders,
): UpstreamTarget {
  const queryAt = rawRest.indexOf('?');
  const path = queryAt === -1 ? rawRest : rawRest.slice(0, queryAt);
  const dotSegment = (segment: string) => ['.', '..'].includes(segment.replace(/%2e/gi, '.'));
  if (path.split('/').some(dotSegment)) {
    throw new PlatformError('INVALID_REQUEST', 'A proxied path may not contain "." or ".." segments.');
  }
  const query = new URLSearchParams(queryAt === -1 ? '' : rawRest.slice(queryAt + 1));
  query.delete('key');
  const search = query.size > 0 ? `?${query}` : '';
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !droppedRequestHeaders.has(name)) forwarded[name] = value;
  }
  // The proxy reads usage off the response: it must arrive uncompressed.
  forwarded['accept-encoding'] = 'identity';
  if (credential.apiKey) Object.assign(forwarded, providerFacts[provider].keyHeaders(credential.apiKey));
  return {
    url: `${credential.baseUrl}${path}${search}`,
    headers: forwarded,
    displayBase: withoutCredentials(credential.baseUrl),
  };
}

const droppedResponseHeaders = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie']);

/** The upstream's response headers, minus hop-by-hop ones and cookies. */
export function clientResponseHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !droppedResponseHeaders.has(name)) out[name] = value;
  }
  return out;
}

/** A base URL as it may appear in a message: never a user or password. */
export function withoutCredentials(baseUrl: string): string {
  const url = URL.parse(baseUrl);
  if (!url) return '(an invalid base URL)';
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}
