import { providerIds } from '@lifeosai/config';
import { type JsonSchema, ref } from './schema-helpers.ts';

const timestamp = { type: 'string', format: 'date-time' };

/** Shared response shapes. Request bodies come from the routes' own zod schemas. */
export const componentSchemas: Record<string, JsonSchema> = {
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            description: 'UPPER_SNAKE, stable: clients switch on it.',
            example: 'NOT_FOUND',
          },
          message: { type: 'string', description: 'What happened and what to do.' },
        },
      },
    },
  },
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
  ApiKey: {
    type: 'object',
    description: 'An API key without its secret part.',
    properties: {
      id: { type: 'string' },
      name: { type: ['string', 'null'] },
      start: { type: ['string', 'null'], description: 'First characters, to recognise the key.' },
      enabled: { type: 'boolean' },
      createdAt: timestamp,
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      lastRequest: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Secret: {
    type: 'object',
    description: 'A stored secret: name and dates only; the value is write-only.',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      createdAt: timestamp,
      updatedAt: timestamp,
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
  Agent: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      instructions: { type: 'string' },
      adapterType: { type: 'string', description: '`claude-code`, `pi` or another registered harness id.' },
      adapterConfig: { type: 'object' },
      heartbeat: { type: ['object', 'null'] },
      status: { enum: ['active', 'paused'] },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  },
  AgentInput: {
    type: 'object',
    required: ['name', 'adapterType'],
    properties: {
      name: { type: 'string' },
      instructions: { type: 'string' },
      adapterType: { type: 'string' },
      adapterConfig: {
        type: 'object',
        description:
          'Harness-specific. claude-code: {model?, mcpServers?, skills?, permissions?, providers?}; pi: {provider?: anthropic|openai|google, model?, baseUrl?, mcpServers?, skills?, permissions?, providers?}. ' +
          "`providers.<anthropic|openai|google>: {baseUrl?, apiKeySecret?}` is the agent's own provider setting (first of agent → organization → environment; one source supplies both key and base URL). " +
          'MCP server env and header values may be `secret:NAME` (an organization secret, resolved when a run starts); `env:NAME` is refused with 400.',
      },
      heartbeat: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          intervalSec: { type: 'integer' },
          cron: { type: 'string' },
          activeHours: { type: 'object' },
        },
      },
    },
  },
  Run: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      agentId: { type: 'string' },
      sessionId: { type: 'string' },
      status: { enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] },
      usage: { type: ['object', 'null'] },
      costUsd: { type: ['number', 'null'] },
      error: { type: ['object', 'null'] },
      startedAt: { type: ['string', 'null'], format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  UnifiedEvent: {
    type: 'object',
    description: 'Shaped like the Claude Agent SDK message of the same type, with an envelope.',
    required: ['seq', 'runId', 'sessionId', 'agentId', 'harness', 'ts', 'type'],
    properties: {
      seq: { type: 'integer' },
      runId: { type: 'string' },
      sessionId: { type: 'string' },
      agentId: { type: 'string' },
      harness: { type: 'string' },
      ts: timestamp,
      type: {
        enum: [
          'system',
          'stream_event',
          'assistant',
          'user',
          'tool_progress',
          'permission_request',
          'permission_resolved',
          'usage',
          'status',
          'error',
          'result',
        ],
      },
    },
    additionalProperties: true,
  },
  Session: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      agentId: { type: 'string' },
      harness: { type: 'string' },
      title: { type: ['string', 'null'] },
      createdAt: timestamp,
      updatedAt: timestamp,
      runs: {
        type: 'array',
        description: 'Oldest first.',
        items: {
          allOf: [
            ref('Run'),
            {
              type: 'object',
              properties: {
                events: {
                  type: 'array',
                  description:
                    'The conversation in order: `user`, `assistant`, `permission_request`, `permission_resolved` and `result` events.',
                  items: ref('UnifiedEvent'),
                },
              },
            },
          ],
        },
      },
    },
  },
};
