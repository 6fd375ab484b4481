import {
  impersonationLogSchema,
  instanceOrganizationPageSchema,
  instanceUsageSchema,
  instanceUserPageSchema,
  outboxSchema,
} from '@lifeosai/api-contract';
import { adminPageQuery } from '../admin/admin-routes.ts';
import { adminUsageQuery } from '../admin/instance-usage.ts';
import { errorResponse, jsonResponse, type Operation, queryParams, schemaOf } from './schema-helpers.ts';

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
      responses: {
        '200': jsonResponse('A page of accounts.', schemaOf(instanceUserPageSchema, 'output')),
        ...adminErrors,
      },
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
        '200': jsonResponse('A page of organizations.', schemaOf(instanceOrganizationPageSchema, 'output')),
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
        '200': jsonResponse('A page of the impersonation log.', schemaOf(impersonationLogSchema, 'output')),
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
        '200': jsonResponse('The kept messages, newest first.', schemaOf(outboxSchema, 'output')),
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
        '200': jsonResponse('Usage by day.', schemaOf(instanceUsageSchema, 'output')),
        ...adminErrors,
        '400': errorResponse(
          'INVALID_REQUEST: a day that is not YYYY-MM-DD, `from` after `to`, or over 366 days.',
        ),
      },
    },
  },
};
