import { adminPageQuery } from '../admin/admin-routes.ts';
import { adminUsageQuery } from '../admin/instance-usage.ts';
import {
  errorResponse,
  type JsonSchema,
  jsonResponse,
  type Operation,
  queryParams,
} from './schema-helpers.ts';

const integer = { type: 'integer' };
const usd = { type: 'number', description: 'US dollars.' };
const date = { type: ['string', 'null'], format: 'date-time' };

const nextCursor: JsonSchema = {
  type: ['string', 'null'],
  description: 'Send back as `cursor` for the next (older) page; null on the last page.',
};

const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { items: { type: 'array', items: item }, nextCursor },
});

const instanceUser: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    emailVerified: { type: 'boolean' },
    isInstanceAdmin: { type: 'boolean' },
    createdAt: date,
    organizations: { ...integer, description: 'Organizations the user is a member of.' },
  },
};

const instanceOrganization: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    slug: { type: ['string', 'null'] },
    createdAt: date,
    members: integer,
    agents: { ...integer, description: 'Agents not deleted.' },
    runs: { ...integer, description: 'Runs ever started.' },
    costUsd: { ...usd, description: "All-time sum of its runs' cost, in US dollars." },
  },
};

const amounts = {
  runs: integer,
  costUsd: usd,
  inputTokens: integer,
  outputTokens: integer,
};

const instanceUsage: JsonSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    days: {
      type: 'array',
      description: 'Every UTC day of the range, in order; days without runs are zeros.',
      items: { type: 'object', properties: { date: { type: 'string', format: 'date' }, ...amounts } },
    },
    totals: { type: 'object', properties: amounts },
    byOrg: {
      type: 'array',
      description: 'Organizations with runs in the range, most expensive first.',
      items: {
        type: 'object',
        properties: {
          orgId: { type: 'string' },
          name: { type: 'string', description: 'The id when the organization no longer exists.' },
          runs: integer,
          costUsd: usd,
        },
      },
    },
  },
};

const outboxMail: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { enum: ['email-verification', 'password-reset', 'organization-invitation'] },
    to: { type: 'string', description: 'The address it was meant for.' },
    subject: { type: 'string' },
    url: {
      type: 'string',
      description: 'The action link. A credential until used or expired: hand it only to its recipient.',
    },
    sentAt: { type: 'string', format: 'date-time' },
  },
};

const loggedAccount: JsonSchema = {
  type: 'object',
  description: 'An account; `email` and `name` are null once it is deleted.',
  properties: {
    id: { type: 'string' },
    email: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
  },
};

const impersonationLog: JsonSchema = {
  type: 'object',
  properties: {
    enabled: {
      type: 'boolean',
      description: 'Whether the operator allowed impersonation (LIFEOSAI_ALLOW_IMPERSONATION=true).',
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          event: { type: 'string', enum: ['started', 'stopped'] },
          at: date,
          admin: { ...loggedAccount, description: 'The instance admin who impersonated.' },
          user: { ...loggedAccount, description: 'The user impersonated.' },
          expiresAt: { ...date, description: 'For `started`: when the session would lapse by itself.' },
          endedBy: {
            type: ['string', 'null'],
            description: 'For `stopped`: the auth route that ended it, e.g. `/admin/stop-impersonating`.',
          },
        },
      },
    },
    nextCursor,
  },
};

/** Refusals every admin route gives: nobody but the instance admin, signed in with a session. */
const adminErrors = {
  '400': errorResponse('INVALID_REQUEST: a bad `limit` or `cursor`.'),
  '401': errorResponse('No valid session cookie or API key.'),
  '403': errorResponse(
    'FORBIDDEN: the caller is not the instance admin. SESSION_REQUIRED: the instance admin called with an API key.',
  ),
};

const adminOnly =
  'Instance admin only (`isInstanceAdmin` on `/api/me`: the first account of the installation), with a ' +
  'session cookie; API keys are refused. Newest first.';

/** `/api/admin/*`: the whole instance, for its admin. */
export const adminPaths: Record<string, Record<string, Operation>> = {
  '/api/admin/users': {
    get: {
      tags: ['Instance admin'],
      summary: 'Every account of the instance',
      description: adminOnly,
      operationId: 'listInstanceUsers',
      parameters: queryParams(adminPageQuery),
      responses: { '200': jsonResponse('A page of accounts.', page(instanceUser)), ...adminErrors },
    },
  },
  '/api/admin/orgs': {
    get: {
      tags: ['Instance admin'],
      summary: 'Every organization with its members, agents, runs and spend',
      description: adminOnly,
      operationId: 'listInstanceOrgs',
      parameters: queryParams(adminPageQuery),
      responses: {
        '200': jsonResponse('A page of organizations.', page(instanceOrganization)),
        ...adminErrors,
      },
    },
  },
  '/api/admin/impersonations': {
    get: {
      tags: ['Instance admin'],
      summary: 'Every time the instance admin acted as another user',
      description:
        `${adminOnly} Impersonation (\`POST /api/auth/admin/impersonate-user\`) is off unless the operator sets ` +
        'LIFEOSAI_ALLOW_IMPERSONATION=true; when on, the auth service records each start and end in the audit log.',
      operationId: 'listImpersonations',
      parameters: queryParams(adminPageQuery),
      responses: {
        '200': jsonResponse('A page of the impersonation log.', impersonationLog),
        ...adminErrors,
      },
    },
  },
  '/api/admin/outbox': {
    get: {
      tags: ['Instance admin'],
      summary: 'Mail the platform would have sent (local mode without a mail server)',
      description:
        'Instance admin only, with a session cookie. In local mode without `SMTP_URL`, verification, password ' +
        "reset and invitation links are not mailed: they go to the auth service's log and here, newest first " +
        '(the newest 100 are kept). No other route ever answers with such a link. Empty with a mail server or ' +
        'in cloud mode.',
      operationId: 'listOutbox',
      responses: {
        '200': jsonResponse('The kept messages, newest first.', {
          type: 'object',
          properties: { items: { type: 'array', items: outboxMail } },
        }),
        '401': adminErrors['401'],
        '403': adminErrors['403'],
      },
    },
  },
  '/api/admin/usage': {
    get: {
      tags: ['Instance admin'],
      summary: 'Runs, spend and tokens of the whole instance per UTC day, by organization',
      description:
        'Instance admin only, with a session cookie. A run counts on the UTC day it was created. `from`/`to` are ' +
        'inclusive UTC days (`YYYY-MM-DD`); default the last 30 days up to today; at most 366 days.',
      operationId: 'getInstanceUsage',
      parameters: queryParams(adminUsageQuery),
      responses: {
        '200': jsonResponse('Usage by day.', instanceUsage),
        ...adminErrors,
        '400': errorResponse(
          'INVALID_REQUEST: a day that is not YYYY-MM-DD, `from` after `to`, or over 366 days.',
        ),
      },
    },
  },
};
