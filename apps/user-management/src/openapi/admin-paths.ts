import {
  adminUserPatchBody,
  impersonationLogSchema,
  instanceOrganizationPageSchema,
  instanceUsageSchema,
  instanceUserPageSchema,
  instanceUserSchema,
  memberListSchema,
  memberRoleBody,
  memberSchema,
  outboxSchema,
} from '@lifeosai/api-contract';
import { adminPageQuery } from '../admin/admin-routes.ts';
import { adminUsageQuery } from '../admin/instance-usage.ts';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  queryParams,
  schemaOf,
} from './schema-helpers.ts';

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
  '/api/admin/users/{id}': {
    patch: {
      tags: ['Instance admin'],
      summary: 'Disable or enable an account',
      description:
        'A JSON merge patch of `{disabled}`. Disabled: its sessions end, its API keys and sign-ins are ' +
        'refused at once (sign-in: 403 BANNED_USER). The admin cannot disable themselves (409 ' +
        'CANNOT_DISABLE_SELF). Audited (`user.disabled`, `user.enabled`).',
      operationId: 'updateInstanceUser',
      parameters: [pathParam('id', 'Account id from the users list.')],
      requestBody: jsonBody(schemaOf(adminUserPatchBody)),
      responses: {
        '200': jsonResponse('The account.', schemaOf(instanceUserSchema, 'output')),
        ...adminErrors,
        '404': errorResponse('No such account.'),
        '409': errorResponse('CANNOT_DISABLE_SELF.'),
      },
    },
  },
  '/api/admin/orgs/{orgId}/members': {
    get: {
      tags: ['Instance admin'],
      summary: "An organization's members",
      description: adminOnly,
      operationId: 'listInstanceOrgMembers',
      parameters: [pathParam('orgId', 'Organization id from the organizations list.')],
      responses: {
        '200': jsonResponse('Its members.', schemaOf(memberListSchema, 'output')),
        ...adminErrors,
        '404': errorResponse('No such organization.'),
      },
    },
  },
  '/api/admin/orgs/{orgId}/members/{memberId}': {
    patch: {
      tags: ['Instance admin'],
      summary: "Change a member's role in any organization",
      description:
        'A JSON merge patch of `{role}`. An organization keeps at least one owner (409 LAST_OWNER). ' +
        'Audited (`member.role_changed` in that organization, `by: instance-admin`).',
      operationId: 'updateInstanceOrgMember',
      parameters: [
        pathParam('orgId', 'Organization id from the organizations list.'),
        pathParam('memberId', 'Membership id from its member list.'),
      ],
      requestBody: jsonBody(schemaOf(memberRoleBody)),
      responses: {
        '200': jsonResponse('The member.', schemaOf(memberSchema, 'output')),
        ...adminErrors,
        '404': errorResponse('No such membership in that organization.'),
        '409': errorResponse('LAST_OWNER.'),
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
