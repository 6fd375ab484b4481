import type { JsonSchema } from './schema-helpers.ts';

const timestamp = { type: 'string', format: 'date-time' };

/**
 * The gateway's own response shapes (the Agent API's come from `@lifeosai/api-contract`, see
 * contract-components.ts). Request bodies come from the routes' own zod schemas.
 */
export const componentSchemas: Record<string, JsonSchema> = {
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
