import { twilioVoicePath, twilioWebhookBodyLimit } from '@lifeosai/api-contract';
import type { FastifyInstance } from 'fastify';
import { registerWebhookProxy } from './webhook-proxy.ts';

/**
 * Twilio's voice webhook (also called with `?after=…` once a stream ends) → the Agent API, form
 * body and `X-Twilio-Signature` untouched. The signature is checked there (it covers
 * `LIFEOSAI_PUBLIC_URL` + this path and query, and needs the auth token), so the path and query
 * go on unchanged.
 */
export async function registerTwilioVoiceProxy(
  scope: FastifyInstance,
  options: { agentApiUrl: string },
): Promise<void> {
  await registerWebhookProxy(scope, {
    agentApiUrl: options.agentApiUrl,
    route: twilioVoicePath,
    bodyLimit: twilioWebhookBodyLimit,
    contentTypes: ['application/x-www-form-urlencoded'],
  });
}
