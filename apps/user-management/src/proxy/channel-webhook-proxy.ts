import { channelWebhookBodyLimit } from '@lifeosai/api-contract';
import type { FastifyInstance } from 'fastify';
import { registerWebhookProxy } from './webhook-proxy.ts';

/** The public path of Telegram's webhook (`/api/channels/telegram/:channelId/webhook`). */
export const channelWebhookRoute = '/api/channels/telegram/:channelId/webhook';

/**
 * Telegram's webhook → the Agent API: Telegram proves itself with the secret token it echoes in
 * `X-Telegram-Bot-Api-Secret-Token`.
 */
export async function registerChannelWebhookProxy(
  scope: FastifyInstance,
  options: { agentApiUrl: string },
): Promise<void> {
  await registerWebhookProxy(scope, {
    agentApiUrl: options.agentApiUrl,
    route: channelWebhookRoute,
    bodyLimit: channelWebhookBodyLimit,
  });
}
