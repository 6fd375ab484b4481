import { channelWebhookBodyLimit } from '@lifeosai/api-contract';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';

const params = z.object({ channelId: z.string().min(1).max(100) });

/**
 * `POST /api/channels/telegram/:channelId/webhook`, beside (never under) `/api/agent`: no
 * identity token, because Telegram has none. It is authenticated by the secret token Telegram
 * echoes (`X-Telegram-Bot-Api-Secret-Token`), which the runtime checks before reading anything
 * else: 200 once the updates are journaled, 401 for a wrong secret, 404 for no such webhook
 * connection (or no channel runtime). Garbage is a 4xx, never a 5xx.
 */
export function registerChannelWebhookRoute(app: FastifyInstance, deps: { channels?: ChannelRuntime }): void {
  app.post(
    '/api/channels/telegram/:channelId/webhook',
    { bodyLimit: channelWebhookBodyLimit },
    async (request) => {
      const parsed = params.safeParse(request.params);
      // Without the channel runtime no channel has set a webhook to here.
      if (!parsed.success || !deps.channels) throw noWebhook();
      const outcome = await deps.channels.acceptWebhook(parsed.data.channelId, {
        headers: request.headers,
        body: request.body,
      });
      if (outcome === 'unauthorized') {
        throw new PlatformError(
          'UNAUTHENTICATED',
          'The webhook secret token is missing or wrong; only Telegram, with the token set by setWebhook, may call this.',
        );
      }
      if (outcome === 'not_found') throw noWebhook();
      return { ok: true };
    },
  );
}

function noWebhook(): PlatformError {
  return new PlatformError('NOT_FOUND', 'No Telegram channel receives updates by webhook here.');
}
