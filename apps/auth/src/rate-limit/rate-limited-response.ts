import { errorCodes } from '@lifeosai/errors';

/**
 * better-auth's 429 (`{message}`, `X-Retry-After`) and our account limit's (`{code, message}`,
 * `Retry-After`) made one: the contract's `{error:{code:'RATE_LIMITED', message}}` with a message
 * that says when to try again, `Retry-After` (and `X-Retry-After`, which better-auth's client
 * reads) in seconds, and better-auth's own top-level `code`/`message` kept for its client library.
 */
export async function rateLimitedInContractShape(response: Response): Promise<Response> {
  const body = (await response.json().catch(() => undefined)) as
    | { code?: unknown; message?: unknown }
    | undefined;
  const seconds = Number(response.headers.get('retry-after') ?? response.headers.get('x-retry-after'));
  const retryAfter = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
  const { code, status } = errorCodes.RATE_LIMITED;
  const message =
    body?.code === code && typeof body.message === 'string'
      ? body.message
      : `Too many attempts from this address; try again in ${retryAfter} seconds.`;
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('retry-after', String(retryAfter));
  headers.set('x-retry-after', String(retryAfter));
  headers.delete('content-length');
  return new Response(JSON.stringify({ error: { code, message }, code, message }), { status, headers });
}
