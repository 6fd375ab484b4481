import { channelWebhookBodyLimit } from '@lifeosai/api-contract';
import type { FastifyInstance } from 'fastify';
import { passBodiesThrough } from './body-limit.ts';
import { forwardedHeaders, upstreamFailed, withoutClientCredentials } from './forwarding.ts';

/** The public path of Telegram's webhook (`/api/channels/telegram/:channelId/webhook`). */
export const channelWebhookRoute = '/api/channels/telegram/:channelId/webhook';

/**
 * Telegram's webhook → the Agent API, same path. Public: no session or API key, because the
 * caller is Telegram, which proves itself with the secret token it echoes in
 * `X-Telegram-Bot-Api-Secret-Token` (passed through; the Agent API checks it before anything
 * else). No identity token is minted: the Agent API serves this route outside `/api/agent`.
 * Register on its own encapsulated scope, outside the routes that require an identity.
 */
export async function registerChannelWebhookProxy(
  scope: FastifyInstance,
  options: { agentApiUrl: string },
): Promise<void> {
  passBodiesThrough(scope, channelWebhookBodyLimit);
  const origin = new URL(options.agentApiUrl).origin;
  scope.post(channelWebhookRoute, async (request, reply) =>
    reply.from(`${origin}${request.url}`, {
      rewriteRequestHeaders: (_request, headers) =>
        withoutClientCredentials(forwardedHeaders(request, headers)),
      onError: upstreamFailed('Agent API'),
    }),
  );
}
