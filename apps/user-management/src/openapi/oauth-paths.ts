import {
  oauthConnectBody,
  oauthConnectionListSchema,
  oauthConnectSchema,
  oauthProviderListSchema,
} from '@lifeosai/api-contract';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  schemaOf,
} from './schema-helpers.ts';

const tags = ['OAuth connections'];
const provider = pathParam('provider', 'A provider id from `GET /api/oauth/providers` (e.g. `github`).');

/** OAuth connections agents use (contract: shared/API.md, docs/api.md "OAuth connections"). */
export const oauthPaths: Record<string, Record<string, Operation>> = {
  '/api/oauth/providers': {
    get: {
      tags,
      summary: 'The OAuth providers configured here',
      description:
        '`oauthProviders` in config.json; `env` is the variable a run gets the token in by default.',
      operationId: 'listOAuthProviders',
      responses: {
        '200': jsonResponse('Providers.', schemaOf(oauthProviderListSchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/oauth/{provider}/connect': {
    post: {
      tags,
      summary: 'Start connecting an account: the provider’s authorize URL',
      description:
        'Send the browser to `url`: authorization code with PKCE (S256) and a one-time `state` (10 minutes). ' +
        'The provider sends it back to `/api/oauth/{provider}/callback`, which lands on `returnTo` ' +
        '(default `/settings/connections`) with `?connected=<id>` or `?error=<CODE>`.',
      operationId: 'connectOAuth',
      parameters: [provider],
      requestBody: jsonBody(schemaOf(oauthConnectBody), false),
      responses: {
        '200': jsonResponse('Where to send the browser.', schemaOf(oauthConnectSchema, 'output')),
        '400': errorResponse('`returnTo` is not a path on this site, or bad scopes.'),
        ...privateErrors,
        '404': errorResponse('OAUTH_PROVIDER_UNKNOWN.'),
      },
    },
  },
  '/api/oauth/{provider}/callback': {
    get: {
      tags,
      summary: 'Where the provider sends the browser back (public)',
      description:
        'Register `<LIFEOSAI_PUBLIC_URL or the web origin>/api/oauth/{provider}/callback` at the provider. ' +
        'The `state` must be one this site started, unused, under 10 minutes old, and — when the browser ' +
        'sends a session — started by the same person. Always a 302 to this origin: `returnTo?connected=<id>`; ' +
        '`returnTo?error=OAUTH_CONSENT_DENIED` or `OAUTH_TOKEN_FAILED`; `/settings/connections?error=' +
        'OAUTH_STATE_INVALID` for a forged, reused, expired or foreign state (nothing stored).',
      operationId: 'oauthCallback',
      security: [],
      parameters: [
        provider,
        { name: 'state', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'code', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'error', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: { '302': jsonResponse('To the page the connection started from, saying how it ended.') },
    },
  },
  '/api/oauth/connections': {
    get: {
      tags,
      summary: 'The organization’s connections (never a token)',
      description:
        'Status (`active`, `revoked`, `error` with `lastError`), account, expiry and the agents granted each.',
      operationId: 'listOAuthConnections',
      responses: {
        '200': jsonResponse('Connections, newest first.', schemaOf(oauthConnectionListSchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/oauth/connections/{id}': {
    delete: {
      tags,
      summary: 'Revoke a connection',
      description:
        'Its creator, or an admin or owner. Revoked at the provider when it has a revocation endpoint (RFC 7009); ' +
        'the tokens are wiped here in any case and the status becomes `revoked`: the next run of an agent ' +
        'granted it fails at its start with `CONNECTION_UNAVAILABLE`. Audited.',
      operationId: 'revokeOAuthConnection',
      parameters: [pathParam('id', 'Connection id.')],
      responses: {
        '204': jsonResponse('Revoked.'),
        ...privateErrors,
        '404': errorResponse('CONNECTION_NOT_FOUND: unknown, or another organization’s.'),
      },
    },
  },
};
