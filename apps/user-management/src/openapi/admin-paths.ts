import { adminPageQuery } from '../admin/admin-routes.ts';
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

const page = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: item },
    nextCursor: {
      type: ['string', 'null'],
      description: 'Send back as `cursor` for the next (older) page; null on the last page.',
    },
  },
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
    costUsd: { ...usd, description: 'All-time spend from usage records, in US dollars.' },
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
};
