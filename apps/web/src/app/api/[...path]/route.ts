import type { ErrorCode } from '@lifeosai/errors';
import { gatewayOrigin } from '../../../lib/gateway-origin.ts';
import { streamedBody } from '../../../lib/streamed-body.ts';

/**
 * Same-origin proxy: every /api/* request goes to the user-management gateway, bytes both ways.
 * Both bodies are passed through as streams: SSE arrives chunk by chunk, and an upload is never
 * held in memory (the gateway refuses one over its limit at once).
 */
export const dynamic = 'force-dynamic';

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'accept-encoding',
]);

async function proxy(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${gatewayOrigin()}${incoming.pathname}${incoming.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!hopByHop.has(key.toLowerCase())) headers.set(key, value);
  });
  const method = request.method.toUpperCase();
  const body = streamedBody(request, headers);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method,
      headers,
      ...body.init,
      redirect: 'manual',
      signal: request.signal,
    } as RequestInit);
  } catch {
    body.finish();
    return Response.json(
      {
        error: {
          code: 'UPSTREAM_UNAVAILABLE' satisfies ErrorCode,
          message: 'The platform gateway is not reachable; is user-management running?',
        },
      },
      { status: 502 },
    );
  }
  body.finish();
  const out = new Headers();
  upstream.headers.forEach((value, key) => {
    const lower = key.toLowerCase();
    if (lower === 'set-cookie' || hopByHop.has(lower) || lower === 'content-encoding') return;
    out.set(key, value);
  });
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  if (out.get('content-type')?.startsWith('text/event-stream')) {
    out.set('cache-control', 'no-cache, no-transform');
    out.set('x-accel-buffering', 'no');
  }
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: out,
  });
}

export const GET = proxy;
export const POST = proxy;
export const PUT = proxy;
export const PATCH = proxy;
export const DELETE = proxy;
export const HEAD = proxy;
export const OPTIONS = proxy;
