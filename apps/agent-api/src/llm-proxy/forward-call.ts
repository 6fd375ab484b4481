import type { KnownProviderId } from '@lifeosai/config';
import { PlatformError } from '@lifeosai/errors';
import { type Dispatcher, request, Agent as UndiciAgent } from 'undici';
import type { UpstreamBody } from './request-body.ts';
import type { UpstreamTarget } from './upstream-target.ts';

/**
 * The proxy's connection pool. No header or body timeouts: a model may think for minutes
 * before its first byte or between two, and a stalled call is the run's stall watchdog's to
 * end (the harness then drops the connection and the proxy drops the upstream one).
 */
export function createUpstreamPool(): Dispatcher {
  return new UndiciAgent({ headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 30_000 });
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
): Promise<Dispatcher.ResponseData> {
  const headers = { ...target.headers };
  if (upload.contentLength !== undefined) headers['content-length'] = String(upload.contentLength);
  try {
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
    const cause = error as { code?: string; cause?: { code?: string }; message?: string };
    const reason = cause.cause?.code ?? cause.code ?? cause.message ?? 'connection failed';
    throw new PlatformError(
      'PROVIDER_UNREACHABLE',
      `The LLM proxy could not reach the ${provider} API at ${target.displayBase} (${reason}); ` +
        'check the base URL and that the server is running.',
      { status: 502, cause: error },
    );
  }
}
