import {
  acceptedInvitationSchema,
  apiKeyListSchema,
  connectionTestSchema,
  createdApiKeySchema,
  createdInvitationSchema,
  createKeyBody,
  createSecretBody,
  deleteOrganizationBody,
  fileMetaSchema,
  filePageSchema,
  invitationListSchema,
  inviteBody,
  memberListSchema,
  memberRoleBody,
  memberSchema,
  meSchema,
  modelListSchema,
  organizationListSchema,
  organizationPatchBody,
  organizationSchema,
  providerSettingsSchema,
  rotateSecretBody,
  secretListSchema,
  secretSchema,
} from '@lifeosai/api-contract';
import { listFilesQuery, uploadQuery } from '../routes/files.ts';
import { providerSettingsBody, testConnectionBody } from '../routes/models.ts';
import { adminPaths } from './admin-paths.ts';
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
import { signInMethodsPath } from './sign-in-methods-path.ts';

const provider = pathParam(
  'provider',
  '`anthropic`, `openai` (any OpenAI-compatible endpoint) or `google` (Gemini).',
);
const notFound = errorResponse("Unknown, or another organization's.");

/** The gateway's own routes: identity, organizations, keys, secrets, models, files, instance admin. */
export const gatewayPaths: Record<string, Record<string, Operation>> = {
  '/api/me': {
    get: {
      tags: ['Identity'],
      summary: 'Who is calling: user, active organization and role',
      operationId: 'getMe',
      responses: { '200': jsonResponse('The caller.', schemaOf(meSchema, 'output')), ...privateErrors },
    },
  },
  '/api/orgs': {
    get: {
      tags: ['Organizations'],
      summary: 'Organizations the caller belongs to',
      operationId: 'listOrgs',
      responses: {
        '200': jsonResponse('Organizations.', schemaOf(organizationListSchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/orgs/current': {
    get: {
      tags: ['Organizations'],
      summary: 'The active organization',
      operationId: 'getCurrentOrg',
      responses: {
        '200': jsonResponse('The organization.', schemaOf(organizationSchema, 'output')),
        ...privateErrors,
      },
    },
    patch: {
      tags: ['Organizations'],
      summary: 'Rename the active organization',
      description: 'A JSON merge patch (RFC 7396): `name` is the one field it changes. Audited.',
      operationId: 'updateCurrentOrg',
      'x-min-role': 'admin',
      requestBody: jsonBody(schemaOf(organizationPatchBody)),
      responses: {
        '200': jsonResponse('The organization.', schemaOf(organizationSchema, 'output')),
        ...privateErrors,
      },
    },
    delete: {
      tags: ['Organizations'],
      summary: 'Delete the active organization (owner; its name typed again)',
      description:
        'Refused for a personal organization (403 PERSONAL_ORGANIZATION), a confirmation that is not the ' +
        'name (400 CONFIRMATION_MISMATCH) and while runs are queued or running (409 ORGANIZATION_BUSY). ' +
        'Members, invitations, secrets, provider keys and files are deleted; agents are deleted and their ' +
        'conversations erased; runs stay as accounting rows without content. Audited.',
      operationId: 'deleteCurrentOrg',
      'x-min-role': 'owner',
      requestBody: jsonBody(schemaOf(deleteOrganizationBody)),
      responses: {
        '204': jsonResponse('Deleted; members fall back to their personal organizations.'),
        ...privateErrors,
        '409': errorResponse('ORGANIZATION_BUSY: runs are queued or running.'),
      },
    },
  },
  '/api/orgs/current/members': {
    get: {
      tags: ['Organizations'],
      summary: 'Members of the active organization',
      operationId: 'listMembers',
      responses: { '200': jsonResponse('Members.', schemaOf(memberListSchema, 'output')), ...privateErrors },
    },
  },
  '/api/orgs/current/members/{memberId}': {
    patch: {
      tags: ['Organizations'],
      summary: "Change a member's role (only an owner grants or takes owner)",
      description: 'A JSON merge patch (RFC 7396) of the member: `role` is the one field it changes.',
      operationId: 'updateMemberRole',
      'x-min-role': 'admin',
      parameters: [pathParam('memberId', 'Membership id from the member list.')],
      requestBody: jsonBody(schemaOf(memberRoleBody)),
      responses: {
        '200': jsonResponse('The member.', schemaOf(memberSchema, 'output')),
        ...privateErrors,
        '404': notFound,
      },
    },
    delete: {
      tags: ['Organizations'],
      summary: 'Remove a member',
      operationId: 'removeMember',
      'x-min-role': 'admin',
      parameters: [pathParam('memberId', 'Membership id from the member list.')],
      responses: { '204': jsonResponse('Removed.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/orgs/current/invitations': {
    get: {
      tags: ['Organizations'],
      summary: 'Pending invitations',
      operationId: 'listInvitations',
      'x-min-role': 'admin',
      responses: {
        '200': jsonResponse('Invitations.', schemaOf(invitationListSchema, 'output')),
        ...privateErrors,
      },
    },
    post: {
      tags: ['Organizations'],
      summary: 'Invite someone by email',
      operationId: 'createInvitation',
      'x-min-role': 'admin',
      requestBody: jsonBody(schemaOf(inviteBody)),
      responses: {
        '201': jsonResponse(
          'The invitation; `url` is its link only when it could not be mailed (local mode without SMTP).',
          schemaOf(createdInvitationSchema, 'output'),
        ),
        ...privateErrors,
      },
    },
  },
  '/api/orgs/current/invitations/{id}': {
    delete: {
      tags: ['Organizations'],
      summary: 'Cancel an invitation',
      operationId: 'cancelInvitation',
      'x-min-role': 'admin',
      parameters: [pathParam('id', 'Invitation id.')],
      responses: { '204': jsonResponse('Cancelled.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/orgs/invitations/{id}/accept': {
    post: {
      tags: ['Organizations'],
      summary: 'Accept an invitation addressed to the caller',
      operationId: 'acceptInvitation',
      parameters: [pathParam('id', 'Invitation id.')],
      responses: {
        '200': jsonResponse(
          'Joined: switch the session to `organizationId` (`POST /api/auth/organization/set-active`).',
          schemaOf(acceptedInvitationSchema, 'output'),
        ),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/keys': {
    get: {
      tags: ['API keys'],
      summary: "The caller's API keys (never their secret part)",
      operationId: 'listKeys',
      responses: { '200': jsonResponse('Keys.', schemaOf(apiKeyListSchema, 'output')), ...privateErrors },
    },
    post: {
      tags: ['API keys'],
      summary: 'Create an API key; `key` is shown this once',
      operationId: 'createKey',
      requestBody: jsonBody(schemaOf(createKeyBody)),
      responses: {
        '201': jsonResponse('The key.', schemaOf(createdApiKeySchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/keys/{id}': {
    delete: {
      tags: ['API keys'],
      summary: 'Revoke an API key (effective on the next request)',
      operationId: 'revokeKey',
      parameters: [pathParam('id', 'Key id.')],
      responses: { '204': jsonResponse('Revoked.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/secrets': {
    get: {
      tags: ['Secrets'],
      summary: 'Secret names (values are write-only)',
      operationId: 'listSecrets',
      responses: { '200': jsonResponse('Secrets.', schemaOf(secretListSchema, 'output')), ...privateErrors },
    },
    post: {
      tags: ['Secrets'],
      summary: 'Store a secret',
      operationId: 'createSecret',
      'x-min-role': 'admin',
      requestBody: jsonBody(schemaOf(createSecretBody)),
      responses: {
        '201': jsonResponse('Stored.', schemaOf(secretSchema, 'output')),
        ...privateErrors,
        '409': errorResponse('SECRET_EXISTS: rotate it instead.'),
      },
    },
  },
  '/api/secrets/{name}': {
    put: {
      tags: ['Secrets'],
      summary: "Rotate a secret's value",
      operationId: 'rotateSecret',
      'x-min-role': 'admin',
      parameters: [pathParam('name', 'Secret name.')],
      requestBody: jsonBody(schemaOf(rotateSecretBody)),
      responses: {
        '200': jsonResponse('Rotated.', schemaOf(secretSchema, 'output')),
        ...privateErrors,
        '404': notFound,
      },
    },
    delete: {
      tags: ['Secrets'],
      summary: 'Delete a secret',
      operationId: 'deleteSecret',
      'x-min-role': 'admin',
      parameters: [pathParam('name', 'Secret name.')],
      responses: { '204': jsonResponse('Deleted.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/models': {
    get: {
      tags: ['Models'],
      summary: "Each configured provider's settings and the models it offers (asked live)",
      operationId: 'listModels',
      responses: {
        '200': jsonResponse('Providers with their models.', schemaOf(modelListSchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/models/{provider}': {
    get: {
      tags: ['Models'],
      summary: "One provider's settings",
      operationId: 'getProviderSettings',
      parameters: [provider],
      responses: {
        '200': jsonResponse('Settings.', schemaOf(providerSettingsSchema, 'output')),
        ...privateErrors,
        '404': notFound,
      },
    },
    put: {
      tags: ['Models'],
      summary: 'Create or change provider settings (fields left out stay as they are)',
      operationId: 'putProviderSettings',
      'x-min-role': 'admin',
      parameters: [provider],
      requestBody: jsonBody(schemaOf(providerSettingsBody)),
      responses: {
        '200': jsonResponse('Settings.', schemaOf(providerSettingsSchema, 'output')),
        ...privateErrors,
      },
    },
    delete: {
      tags: ['Models'],
      summary: 'Remove provider settings and their stored key',
      operationId: 'deleteProviderSettings',
      'x-min-role': 'admin',
      parameters: [provider],
      responses: { '204': jsonResponse('Removed.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/models/{provider}/test': {
    post: {
      tags: ['Models'],
      summary: 'Test the connection: a real model-list request to the provider',
      description:
        'Always 200; `ok` says whether it worked and `error` why not. The body may override saved values.',
      operationId: 'testProvider',
      'x-min-role': 'admin',
      parameters: [provider],
      requestBody: jsonBody(schemaOf(testConnectionBody), false),
      responses: {
        '200': jsonResponse('Result.', schemaOf(connectionTestSchema, 'output')),
        ...privateErrors,
      },
    },
  },
  '/api/files': {
    get: {
      tags: ['Files'],
      summary: "The organization's files, oldest first, and its storage use",
      operationId: 'listFiles',
      parameters: queryParams(listFilesQuery),
      responses: {
        '200': jsonResponse('A page of files.', schemaOf(filePageSchema, 'output')),
        ...privateErrors,
      },
    },
    post: {
      tags: ['Files'],
      summary: 'Upload a file (multipart/form-data, one file part; streamed)',
      operationId: 'uploadFile',
      parameters: queryParams(uploadQuery),
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            },
          },
        },
      },
      responses: {
        '201': jsonResponse('Stored.', schemaOf(fileMetaSchema, 'output')),
        '400': errorResponse('FILE_NAME_INVALID (e.g. `..`), FILE_MISSING.'),
        ...privateErrors,
        '409': errorResponse('FILE_EXISTS: delete it or upload with ?overwrite=true.'),
        '413': errorResponse('FILE_TOO_LARGE (per-file limit) or QUOTA_EXCEEDED (organization quota).'),
        '415': errorResponse('MULTIPART_REQUIRED.'),
      },
    },
  },
  '/api/files/{id}': {
    get: {
      tags: ['Files'],
      summary: "A file's metadata",
      operationId: 'getFile',
      parameters: [pathParam('id', 'File id.')],
      responses: {
        '200': jsonResponse('Metadata.', schemaOf(fileMetaSchema, 'output')),
        ...privateErrors,
        '404': notFound,
      },
    },
    delete: {
      tags: ['Files'],
      summary: 'Delete a file (members: their own; admins: any)',
      operationId: 'deleteFile',
      parameters: [pathParam('id', 'File id.')],
      responses: { '204': jsonResponse('Deleted.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/files/{id}/content': {
    get: {
      tags: ['Files'],
      summary: 'Download a file (as an attachment)',
      operationId: 'downloadFile',
      parameters: [pathParam('id', 'File id.')],
      responses: {
        '200': { description: 'The bytes.', content: { 'application/octet-stream': { schema: {} } } },
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  ...adminPaths,
  ...signInMethodsPath,
};
