import type { FastifyInstance } from 'fastify';
import { passBodiesThrough } from './body-limit.ts';
import { forwardedHeaders, upstreamFailed, withoutClientCredentials } from './forwarding.ts';

export interface WebhookProxyOptions {
  /** Agent API origin, e.g. `http://127.0.0.1:4000`. */
  agentApiUrl: string;
  /** The public route (`POST`), forwarded with the same path and query. */
  route: string;
  /** The largest body taken (413 above it, answered here). */
  bodyLimit: number;
  /** Media types taken (415 for others, answered here); default any. */
  contentTypes?: string | string[];
}

/**
 * A network's webhook → the Agent API, same path and query, body bytes untouched (the sender
 * signs them). Public: no session or API key, because the caller is the network, which proves
 * itself with a secret or signature header (passed through; the Agent API checks it before
 * anything else). No identity token is minted and the client's credentials are dropped.
 * Register on its own encapsulated scope, outside the routes that require an identity.
 */
export async function registerWebhookProxy(
  scope: FastifyInstance,
  options: WebhookProxyOptions,
): Promise<void> {
  passBodiesThrough(scope, options.bodyLimit, options.contentTypes);
  const origin = new URL(options.agentApiUrl).origin;
  scope.post(options.route, async (request, reply) =>
    reply.from(`${origin}${request.url}`, {
      rewriteRequestHeaders: (_request, headers) =>
        withoutClientCredentials(forwardedHeaders(request, headers)),
      onError: upstreamFailed('Agent API'),
    }),
  );
}
