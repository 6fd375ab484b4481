import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { defaultBodyLimit } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { InternalTokens } from '../tokens/internal-tokens.ts';
import { passBodiesThrough } from './body-limit.ts';
import { forwardedHeaders, proxiedMethods, upstreamFailed, withoutClientCredentials } from './forwarding.ts';

export interface AgentProxyOptions {
  /** Agent API origin, e.g. `http://127.0.0.1:4000`. */
  agentApiUrl: string;
  tokens: InternalTokens;
}

/**
 * `/api/agent/*` → the Agent API, same path and query. The client's credentials (cookie,
 * `Authorization`, `x-api-key`) never reach it: the only identity it sees is the internal token
 * minted here for the caller already resolved by `requireIdentity`. Responses stream through
 * as they arrive (SSE included), and a client that goes away closes the upstream request.
 */
export async function registerAgentProxy(scope: FastifyInstance, options: AgentProxyOptions): Promise<void> {
  // The Agent API's own limit (it parses with the shared default).
  passBodiesThrough(scope, defaultBodyLimit);
  const origin = new URL(options.agentApiUrl).origin;
  const onError = upstreamFailed('Agent API');
  scope.route({
    method: [...proxiedMethods],
    url: '/api/agent/*',
    handler: async (request, reply) => {
      const token = await options.tokens.tokenFor(request.caller);
      return reply.from(`${origin}${request.url}`, {
        rewriteRequestHeaders: (_request, headers) => ({
          ...withoutClientCredentials(forwardedHeaders(request, headers)),
          authorization: `Bearer ${token}`,
        }),
        onResponse: (_request, proxied, response) => {
          if (String(proxied.getHeader('content-type')).startsWith('text/event-stream')) {
            proxied.hijack();
            streamEvents(
              proxied.raw as ServerResponse,
              proxied.getHeaders(),
              proxied.statusCode,
              response.stream,
            );
          } else {
            proxied.send(response.stream);
          }
        },
        onError,
      });
    },
  });
}

/**
 * An event stream bypasses Fastify's reply: its headers are flushed at once (so `EventSource`
 * opens before the first event, not at it), then bytes are piped as they come. When the client
 * leaves, the pipeline destroys the upstream body, which closes the request to the Agent API.
 */
function streamEvents(
  raw: ServerResponse,
  headers: Record<string, string | number | string[] | undefined>,
  status: number,
  upstream: NodeJS.ReadableStream,
): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && name !== 'content-length') raw.setHeader(name, value);
  }
  raw.writeHead(status);
  raw.flushHeaders();
  // Ends either way: upstream finished, or the client left (nothing to tell it then).
  pipeline(upstream, raw).catch(() => {});
}
