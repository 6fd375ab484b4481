import { providerIds } from '@lifeosai/config';
import type { JsonSchema } from './schema-helpers.ts';

const timestamp = { type: 'string', format: 'date-time' };

/**
 * The gateway's own response shapes (the Agent API's come from `@lifeosai/api-contract`, see
 * contract-components.ts). Request bodies come from the routes' own zod schemas.
 */
export const componentSchemas: Record<string, JsonSchema> = {
  Identity: {
    type: 'object',
    properties: {
      userId: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      orgId: { type: 'string' },
      role: { enum: ['owner', 'admin', 'member'] },
      isInstanceAdmin: { type: 'boolean' },
      via: { enum: ['session', 'api-key'] },
      keyId: { type: 'string' },
    },
  },
  Organization: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      slug: { type: 'string' },
      role: { type: 'string' },
    },
  },
  Member: {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'Membership id (used in member routes).' },
      userId: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { enum: ['owner', 'admin', 'member'] },
      createdAt: timestamp,
    },
  },
  Invitation: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      email: { type: 'string' },
      role: { enum: ['owner', 'admin', 'member'] },
      status: { type: 'string' },
      expiresAt: timestamp,
    },
  },
  ProviderSettings: {
    type: 'object',
    properties: {
      provider: { enum: [...providerIds] },
      label: { type: 'string' },
      baseUrl: { type: 'string' },
      customBaseUrl: { type: 'boolean' },
      defaultModel: { type: ['string', 'null'] },
      hasKey: { type: 'boolean', description: 'A key is configured; the key itself is never returned.' },
      keySource: { enum: ['stored', 'secret', null] },
      apiKeySecret: { type: ['string', 'null'] },
      updatedAt: timestamp,
    },
  },
  ConnectionTest: {
    type: 'object',
    properties: {
      provider: { type: 'string' },
      baseUrl: { type: 'string' },
      ok: { type: 'boolean' },
      latencyMs: { type: 'integer' },
      modelCount: { type: 'integer' },
      error: {
        type: 'object',
        properties: {
          code: {
            enum: [
              'PROVIDER_KEY_MISSING',
              'PROVIDER_UNREACHABLE',
              'PROVIDER_TIMEOUT',
              'PROVIDER_AUTH_FAILED',
              'PROVIDER_NOT_FOUND',
              'PROVIDER_ERROR',
              'PROVIDER_BAD_RESPONSE',
            ],
          },
          message: { type: 'string' },
        },
      },
    },
  },
  File: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      size: { type: 'integer' },
      sha256: { type: 'string' },
      contentType: { type: 'string' },
      createdBy: { type: 'string' },
      createdAt: timestamp,
    },
  },
};
