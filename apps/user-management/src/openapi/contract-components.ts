import {
  agentSchema,
  apiKeySchema,
  connectionTestSchema,
  createAgentSchema,
  environmentReportSchema,
  errorBodySchema,
  fileMetaSchema,
  harnessListSchema,
  impersonationSchema,
  inboxItemSchema,
  instanceOrganizationSchema,
  instanceUsageSchema,
  instanceUserSchema,
  invitationSchema,
  loggedAccountSchema,
  memberSchema,
  meSchema,
  organizationSchema,
  providerSettingsSchema,
  runSchema,
  secretSchema,
  sessionSchema,
  unifiedEventSchema,
  usageReportSchema,
} from '@lifeosai/api-contract';
import type { ZodType } from 'zod';
import { componentOf, type JsonSchema, registerComponent, type SchemaSide } from './schema-helpers.ts';

/** The contract's schemas the document names (every response shape it has), and which side of each it describes. */
const contractComponents: Record<string, { schema: ZodType; io: SchemaSide; description?: string }> = {
  Error: { schema: errorBodySchema, io: 'output', description: 'Every 4xx/5xx body.' },
  Identity: { schema: meSchema, io: 'output' },
  Organization: { schema: organizationSchema, io: 'output' },
  Member: { schema: memberSchema, io: 'output' },
  Invitation: { schema: invitationSchema, io: 'output' },
  ProviderSettings: { schema: providerSettingsSchema, io: 'output' },
  ConnectionTest: { schema: connectionTestSchema, io: 'output' },
  InstanceUser: { schema: instanceUserSchema, io: 'output' },
  InstanceOrganization: { schema: instanceOrganizationSchema, io: 'output' },
  InstanceUsage: { schema: instanceUsageSchema, io: 'output' },
  LoggedAccount: {
    schema: loggedAccountSchema,
    io: 'output',
    description: 'An account; `email` and `name` are null once it is deleted.',
  },
  Impersonation: { schema: impersonationSchema, io: 'output' },
  File: { schema: fileMetaSchema, io: 'output' },
  AgentInput: { schema: createAgentSchema, io: 'input' },
  Agent: { schema: agentSchema, io: 'output' },
  Run: { schema: runSchema, io: 'output' },
  Session: { schema: sessionSchema, io: 'output' },
  InboxItem: { schema: inboxItemSchema, io: 'output' },
  HarnessList: { schema: harnessListSchema, io: 'output' },
  EnvironmentReport: { schema: environmentReportSchema, io: 'output' },
  UsageReport: { schema: usageReportSchema, io: 'output' },
  ApiKey: { schema: apiKeySchema, io: 'output', description: 'An API key without its secret part.' },
  Secret: {
    schema: secretSchema,
    io: 'output',
    description: 'A stored secret: name and dates only; the value is write-only.',
  },
  UnifiedEvent: {
    schema: unifiedEventSchema,
    io: 'output',
    description:
      'Envelope (`seq`, `runId`, `sessionId`, `agentId`, `harness`, `ts`) and a body shaped like the Claude Agent ' +
      'SDK message of the same `type`. A client must accept a `type` not listed here (a newer server) and show it ' +
      'generically, never drop it.',
  },
};

for (const [id, { schema }] of Object.entries(contractComponents)) registerComponent(schema, id);

/** The components generated from `@lifeosai/api-contract`, by name. */
export function contractComponentSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(contractComponents).map(([id, { schema, io, description }]) => [
      id,
      { ...componentOf(schema, io), ...(description && { description }) },
    ]),
  );
}
