import { agentPaths } from './agent-paths.ts';
import { authPaths } from './auth-paths.ts';
import { billingPaths } from './billing-paths.ts';
import { channelPaths } from './channel-paths.ts';
import { contractComponentSchemas } from './contract-components.ts';
import { gatewayPaths } from './gateway-paths.ts';
import { oauthPaths } from './oauth-paths.ts';
import { phonePaths } from './phone-paths.ts';
import { pluginPaths } from './plugin-paths.ts';
import type { Operation } from './schema-helpers.ts';

/** The OpenAPI 3.1 document of the whole public API: gateway, Agent API (`/api/agent`) and auth basics. */
export function buildOpenApiDocument(options: { version: string }) {
  const paths: Record<string, Record<string, Operation>> = {
    ...authPaths,
    ...gatewayPaths,
    ...agentPaths,
    ...channelPaths,
    ...phonePaths,
    ...pluginPaths,
    ...billingPaths,
    ...oauthPaths,
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'LIFEOSAI API',
      version: options.version,
      description:
        'Everything clients call. Browsers use their own origin (`/api/*` on the web app); other clients may call ' +
        'the gateway (:3001) directly. Authenticate with the session cookie from `/api/auth/sign-in/email`, or with ' +
        '`Authorization: Bearer <api key>` from `POST /api/keys`. Every 4xx/5xx body is ' +
        '`{"error":{"code","message"}}`; resources of another organization answer 404. Bad input is a 4xx, never ' +
        'a 5xx: a malformed %-escape `400 BAD_URL`, a NUL in any field or a hidden character in a name `400 ' +
        'INVALID_REQUEST`, a JSON body over 1 MiB `413 BODY_TOO_LARGE`, oversize headers `431`. Every `PATCH` ' +
        'is a JSON merge patch (RFC 7396): fields not sent stay, `null` removes one.',
    },
    servers: [{ url: '/', description: 'This origin' }],
    security: [{ sessionCookie: [] }, { apiKey: [] }],
    tags: [
      { name: 'Auth', description: 'Accounts and sessions (auth service, better-auth).' },
      { name: 'Identity' },
      { name: 'Organizations', description: 'Members, invitations and roles (owner ⊃ admin ⊃ member).' },
      { name: 'API keys' },
      { name: 'Secrets', description: 'Write-only values, referenced as `secret:NAME`.' },
      { name: 'Models', description: 'LLM provider settings per organization.' },
      { name: 'Files' },
      {
        name: 'Plugins',
        description:
          'Bundles of skills, MCP servers and instructions agents enable (Claude Code plugins too).',
      },
      { name: 'Agents', description: 'Agent API.' },
      { name: 'Runs', description: 'Agent API: runs, their events and streams.' },
      { name: 'Sessions', description: 'Agent API.' },
      {
        name: 'Channels',
        description: 'Agent API: an agent’s Telegram bots and WhatsApp numbers, their senders and chats.',
      },
      {
        name: 'Phone',
        description:
          'Agent API: the phone numbers an agent answers (Twilio), the callers waiting on them, its calls, and ' +
          'Twilio’s voice webhook.',
      },
      {
        name: 'Billing',
        description: 'The organization’s plan and usage, Stripe Checkout and portal, invoices.',
      },
      {
        name: 'OAuth connections',
        description: 'Outside accounts connected for agents; runs get fresh tokens.',
      },
      {
        name: 'Push',
        description: 'Agent API: this person’s devices for Web Push notifications (VAPID).',
      },
    ],
    paths,
    components: {
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'lifeosai.session_token' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from POST /api/keys.' },
      },
      schemas: contractComponentSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
