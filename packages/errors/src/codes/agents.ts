import { defineErrorCodes } from '../define-error-codes.ts';

/** Agents, runs, permissions, budgets, the LLM proxy and the providers it reaches. */
export const agentErrorCodes = defineErrorCodes({
  UNKNOWN_ADAPTER_TYPE: {
    status: 400,
    message:
      'No harness by that name is registered; pick one the agent editor offers (GET /api/agent/harnesses lists them).',
  },
  INVALID_ADAPTER_CONFIG: {
    status: 400,
    message: 'The harness refused its config; fix the field the message names.',
  },
  AGENT_BUSY: { status: 409, message: 'The agent has a run in progress; cancel it or wait for it to end.' },
  AGENT_PAUSED: { status: 409, message: 'The agent is paused; resume it to start runs.' },
  BUDGET_EXCEEDED: {
    status: 409,
    message: 'The agent’s monthly budget is spent; raise it or wait for next month.',
  },
  RUN_NOT_ACTIVE: { status: 409, message: 'The run has ended; start a new one.' },
  RUN_NOT_FINISHED: {
    status: 409,
    message: 'The run has not finished yet; wait for it to end, or fork from an earlier run.',
  },
  RUN_NOT_IN_SESSION: {
    status: 400,
    message: 'That run is not part of this conversation; pick a run of the session you name.',
  },
  FORK_UNSUPPORTED: {
    status: 400,
    message: 'The agent’s harness cannot fork a conversation; continue the session or start a new one.',
  },
  PERMISSION_ALREADY_RESOLVED: { status: 409, message: 'The permission request was answered already.' },
  PERMISSION_NOT_DELIVERED: { status: 503, message: 'The answer could not reach the run; retry shortly.' },
  NOT_A_MODEL_CALL: {
    status: 404,
    message: 'The LLM proxy forwards model calls only; call the provider API’s model routes.',
  },
  EGRESS_REFUSED: {
    status: 403,
    message: 'The sandbox does not allow that destination; ask an admin to allow it.',
  },
  USE_CONNECT: { status: 400, message: 'The egress proxy tunnels HTTPS only; send a CONNECT request.' },
  PROVIDER_KEY_MISSING: {
    status: 400,
    message: 'The provider needs an API key; add one in Settings → Model providers.',
  },
  PROVIDER_UNREACHABLE: {
    status: 502,
    message: 'The provider did not answer; check its base URL and your network.',
  },
  PROVIDER_TIMEOUT: {
    status: 504,
    message: 'The provider took too long to answer; retry, or check its base URL.',
  },
  PROVIDER_AUTH_FAILED: {
    status: 502,
    message: 'The provider refused the API key; check or replace the key.',
  },
  PROVIDER_NOT_FOUND: {
    status: 502,
    message:
      'The provider has no model list at that base URL; check the URL (OpenAI-compatible ones end in /v1).',
  },
  PROVIDER_ERROR: {
    status: 502,
    message: 'The provider answered with an error; retry, or check its status page.',
  },
  PROVIDER_BAD_RESPONSE: {
    status: 502,
    message: 'The provider’s answer could not be read; check the base URL points at the provider’s API.',
  },
  PHONE_NUMBER_IN_USE: {
    status: 409,
    message: 'This number already answers for an agent on this instance; remove it there first.',
  },
  TWILIO_SIGNATURE_INVALID: {
    status: 403,
    message:
      'The request is not signed by Twilio for this address: check TWILIO_AUTH_TOKEN and that LIFEOSAI_PUBLIC_URL is the address Twilio calls.',
  },
  VOICE_NOT_CONFIGURED: {
    status: 409,
    message:
      "No live voice model is set up: add a Gemini API key (the organization's Google Gemini key in Settings, or GEMINI_API_KEY for the instance) and call again.",
  },
  CHANNEL_TOKEN_INVALID: {
    status: 400,
    message: 'The network refused the bot token; copy it again from BotFather (/token) and paste it whole.',
  },
  CHANNEL_ACCOUNT_IN_USE: {
    status: 409,
    message:
      'This bot or number is already connected to an agent on this instance; disconnect it there first.',
  },
  CHANNEL_WEBHOOK_UNAVAILABLE: {
    status: 400,
    message:
      'A webhook needs LIFEOSAI_PUBLIC_URL set to an https:// address Telegram can reach; leave webhook off to use long polling.',
  },
  CHANNEL_LOGIN_UNSUPPORTED: {
    status: 409,
    message: 'This channel has no interactive login (only WhatsApp links by QR or pairing code).',
  },
  CHANNEL_NOT_RUNNING: {
    status: 409,
    message: 'The channel is stopped; enable it (PATCH {"enabled": true}) and try again.',
  },
  PUSH_NOT_CONFIGURED: {
    status: 503,
    message:
      'Push notifications are not set up on this instance; the operator sets LIFEOSAI_VAPID_PUBLIC_KEY and LIFEOSAI_VAPID_PRIVATE_KEY.',
  },
});
