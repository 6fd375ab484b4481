import {
  channelChatPageSchema,
  channelHistoryQuery,
  channelListSchema,
  channelLoginBody,
  channelMessagePageSchema,
  channelPairingListSchema,
  channelSchema,
  createChannelBody,
  patchChannelBody,
} from '@lifeosai/api-contract';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  queryParams,
  schemaOf,
} from './schema-helpers.ts';

const tags = ['Channels'];
const id = (kind: string) => pathParam('id', `${kind} id.`);
const code = pathParam('code', 'The pairing code the sender was given.');
const notFound = errorResponse("Unknown, or another organization's.");
const response = (description: string, schema: Parameters<typeof schemaOf>[0]) =>
  jsonResponse(description, schemaOf(schema, 'output'));
/** Admins and owners connect, change and disconnect channels and approve senders, as they edit agents. */
const manage = { 'x-min-role': 'admin' as const };
const pairingDecision = (verdict: 'approve' | 'deny'): Operation => ({
  tags,
  summary: verdict === 'approve' ? 'Let a waiting sender talk to the agent' : 'Refuse a waiting sender',
  description:
    verdict === 'approve'
      ? 'What the sender wrote while waiting is answered, in order, and the sender is told.'
      : 'What the sender wrote while waiting is dropped; the sender is told.',
  operationId: verdict === 'approve' ? 'approveChannelSender' : 'denyChannelSender',
  ...manage,
  parameters: [id('Channel'), code],
  responses: {
    '204': jsonResponse('Decided.'),
    ...privateErrors,
    '404': errorResponse('No sender waits with this code on this channel (or an unknown channel).'),
  },
});

/** An agent's channels (Telegram, WhatsApp), and Telegram's public webhook (contract: shared/API.md). */
export const channelPaths: Record<string, Record<string, Operation>> = {
  '/api/agent/agents/{id}/channels': {
    post: {
      tags,
      summary: 'Connect the agent to Telegram (a bot token) or WhatsApp (linked by QR or pairing code)',
      description:
        'The bot token is checked with Telegram (`getMe`) and stored as a secret of the organization; it is ' +
        'never returned. One bot or number per instance. `webhook: true` receives updates by webhook instead of ' +
        'long polling, only when `LIFEOSAI_PUBLIC_URL` is https. A WhatsApp channel starts `waiting_for_login`: ' +
        'follow `GET /api/agent/channels/{id}/login`.',
      operationId: 'createChannel',
      ...manage,
      parameters: [id('Agent')],
      requestBody: jsonBody(schemaOf(createChannelBody)),
      responses: {
        '201': response('The channel.', channelSchema),
        '400': errorResponse(
          'Invalid input; CHANNEL_TOKEN_INVALID: Telegram refused the token; CHANNEL_WEBHOOK_UNAVAILABLE: no https public URL.',
        ),
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('CHANNEL_ACCOUNT_IN_USE: the bot or number is connected to an agent already.'),
      },
    },
    get: {
      tags,
      summary: "The agent's channels",
      operationId: 'listChannels',
      parameters: [id('Agent')],
      responses: {
        '200': response('Channels, oldest first.', channelListSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/channels/{id}': {
    patch: {
      tags,
      summary: 'Change a channel: senders, allow, enabled, a new token of the same bot, webhook',
      description:
        'A JSON merge patch. `enabled: false` stops it, `true` starts it again. A new `botToken` is checked and ' +
        'must be the same bot’s.',
      operationId: 'updateChannel',
      ...manage,
      parameters: [id('Channel')],
      requestBody: jsonBody(schemaOf(patchChannelBody)),
      responses: {
        '200': response('The channel.', channelSchema),
        '400': errorResponse('Invalid input; CHANNEL_TOKEN_INVALID; CHANNEL_WEBHOOK_UNAVAILABLE.'),
        ...privateErrors,
        '404': notFound,
      },
    },
    delete: {
      tags,
      summary: 'Disconnect a channel',
      description:
        'Its token, chats, senders, journal and outbox go; the conversations (sessions) stay with the agent.',
      operationId: 'deleteChannel',
      ...manage,
      parameters: [id('Channel')],
      responses: { '204': jsonResponse('Disconnected.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/channels/{id}/pairings': {
    get: {
      tags,
      summary: 'Senders waiting for approval, each with its code',
      operationId: 'listChannelPairings',
      parameters: [id('Channel')],
      responses: {
        '200': response('Waiting senders, oldest first.', channelPairingListSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/channels/{id}/pairings/{code}/approve': { post: pairingDecision('approve') },
  '/api/agent/channels/{id}/pairings/{code}/deny': { post: pairingDecision('deny') },
  '/api/agent/channels/{id}/login': {
    get: {
      tags,
      summary: 'Follow a WhatsApp login: QR codes, pairing codes and status, until the number is linked',
      description:
        'Server-sent events, one `data: {qr} | {pairingCode} | {status, lastError?}` frame each; the current ' +
        'state first. Ends once linked.',
      operationId: 'watchChannelLogin',
      ...manage,
      parameters: [id('Channel')],
      responses: {
        '200': {
          description: 'The login stream.',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('CHANNEL_LOGIN_UNSUPPORTED: not a WhatsApp channel.'),
      },
    },
    post: {
      tags,
      summary: 'Ask for a pairing code for this phone number instead of a QR code',
      operationId: 'requestChannelPairingCode',
      ...manage,
      parameters: [id('Channel')],
      requestBody: jsonBody(schemaOf(channelLoginBody)),
      responses: {
        '200': jsonResponse('The code to type on the phone.', {
          type: 'object',
          properties: { pairingCode: { type: 'string' } },
          required: ['pairingCode'],
        }),
        '400': errorResponse('Invalid phone number.'),
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('CHANNEL_LOGIN_UNSUPPORTED; CHANNEL_NOT_RUNNING: the channel is stopped.'),
      },
    },
  },
  '/api/agent/channels/{id}/chats': {
    get: {
      tags,
      summary: "A channel's chats, latest message first",
      description: "Readable by those who may read the agent's conversations no person started.",
      operationId: 'listChannelChats',
      parameters: [id('Channel'), ...queryParams(channelHistoryQuery)],
      responses: {
        '200': response('A page of chats.', channelChatPageSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/channels/{id}/chats/{chatId}/messages': {
    get: {
      tags,
      summary: "A chat's messages in and out, newest first",
      operationId: 'listChannelMessages',
      parameters: [id('Channel'), pathParam('chatId', 'Chat id.'), ...queryParams(channelHistoryQuery)],
      responses: {
        '200': response('A page of messages.', channelMessagePageSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/channels/telegram/{channelId}/webhook': {
    post: {
      tags,
      summary: "Telegram's webhook (public; authenticated by the secret token header)",
      description:
        'Called by Telegram only, with `X-Telegram-Bot-Api-Secret-Token` as set by `setWebhook`; no session or ' +
        'API key. Bodies up to 256 KiB.',
      operationId: 'telegramWebhook',
      security: [],
      parameters: [pathParam('channelId', 'Channel id.')],
      requestBody: jsonBody({ type: 'object', description: 'A Telegram Update.' }),
      responses: {
        '200': jsonResponse('Journaled.'),
        '401': errorResponse('The secret token is missing or wrong.'),
        '404': errorResponse('No Telegram channel receives updates by webhook here.'),
        '413': errorResponse('BODY_TOO_LARGE.'),
      },
    },
  },
};
