export {
  adminUserPatchBody,
  type Impersonation,
  type ImpersonationLog,
  type InstanceOrganization,
  type InstanceUsage,
  type InstanceUser,
  impersonationLogSchema,
  impersonationSchema,
  instanceOrganizationPageSchema,
  instanceOrganizationSchema,
  instanceUsageSchema,
  instanceUserPageSchema,
  instanceUserSchema,
  type LoggedAccount,
  loggedAccountSchema,
  type OutboxMail,
  outboxMailSchema,
  outboxSchema,
} from './admin.ts';
export {
  type Agent,
  type AgentActivity,
  type AgentVisibility,
  agentActivitySchema,
  agentListSchema,
  agentSchema,
  agentVisibilitySchema,
} from './agent.ts';
export {
  type AgentDocument,
  agentDocumentSchema,
  type CreateAgentBody,
  type CreateAgentInput,
  createAgentSchema,
  type HeartbeatBody,
  heartbeatSchema,
  type PlatformAdapterConfig,
  platformAdapterConfigSchema,
  platformConfigKeys,
} from './agent-input.ts';
export {
  type ApiKey,
  apiKeyListSchema,
  apiKeySchema,
  type CreatedApiKey,
  createdApiKeySchema,
  createKeyBody,
} from './api-key.ts';
export {
  type Attachment,
  attachmentSchema,
  maxAttachmentBytes,
  type UploadAttachmentBody,
  uploadAttachmentBody,
} from './attachment.ts';
export { type ErrorBody, errorBodySchema } from './error-body.ts';
export { idParams } from './fields.ts';
export { type FileMeta, type FilePage, fileMetaSchema, filePageSchema } from './file.ts';
export {
  type EnvironmentDiagnostic,
  type EnvironmentReport,
  environmentReportSchema,
  type HarnessList,
  type HarnessSummary,
  harnessEnvironmentQuery,
  harnessListSchema,
} from './harness.ts';
export { type Me, meSchema } from './identity.ts';
export {
  type InboxItem,
  type InboxItemBody,
  inboxItemBody,
  inboxItemSchema,
  inboxListSchema,
} from './inbox.ts';
export {
  type AcceptedInvitation,
  acceptedInvitationSchema,
  type CreatedInvitation,
  createdInvitationSchema,
  deleteOrganizationBody,
  type Invitation,
  invitationListSchema,
  invitationSchema,
  inviteBody,
  type Member,
  memberListSchema,
  memberRoleBody,
  memberSchema,
  type Organization,
  organizationListSchema,
  organizationPatchBody,
  organizationSchema,
} from './organization.ts';
export {
  type PermissionAnswer,
  type PermissionAnswerBody,
  permissionAnswerBody,
  permissionAnswerParams,
  permissionAnswerSchema,
} from './permission-answer.ts';
export {
  type ConnectionTest,
  connectionTestSchema,
  type ModelList,
  modelListSchema,
  type ProviderError,
  type ProviderModel,
  type ProviderSettings,
  type ProviderView,
  providerErrorCodes,
  providerErrorSchema,
  providerModelSchema,
  providerSettingsSchema,
} from './provider.ts';
export {
  type PushDevice,
  type PushEventKind,
  type PushKey,
  type PushMessage,
  type PutPushSubscriptionBody,
  pushDeviceListSchema,
  pushDeviceSchema,
  pushEventKinds,
  pushKeySchema,
  pushMessageSchema,
  pushSubscriptionJsonSchema,
  putPushSubscriptionBody,
} from './push.ts';
export {
  listRunsQuery,
  type Run,
  type RunPage,
  type RunStatus,
  runPageSchema,
  runSchema,
  type StartedRun,
  type StartRunBody,
  startedRunSchema,
  startRunBody,
} from './run.ts';
export {
  type EventEnvelope,
  type EventType,
  eventEnvelopeSchema,
  eventTypes,
  type RunEventsPage,
  runEventsPageSchema,
  runEventsQuery,
  type UnifiedEvent,
  type UnifiedEventOf,
  unifiedEventSchema,
  type WireEvent,
} from './run-events.ts';
export {
  createSecretBody,
  rotateSecretBody,
  type Secret,
  type SecretListItem,
  secretListItemSchema,
  secretListSchema,
  secretNameSchema,
  secretSchema,
} from './secret.ts';
export {
  conversationEventTypes,
  type ForkSessionBody,
  forkSessionBody,
  type ListSessionsQuery,
  listSessionsQuery,
  type PatchSessionBody,
  patchSessionBody,
  type Session,
  type SessionPage,
  type SessionSummary,
  sessionPageSchema,
  sessionSchema,
  sessionSummarySchema,
} from './session.ts';
export {
  type RunTrigger,
  type RunTriggerKind,
  runTriggerKinds,
  runTriggerSchema,
} from './trigger.ts';
export {
  type UsageAmounts,
  type UsageReport,
  usageAmountsSchema,
  usageDaySchema,
  usageQuery,
  usageReportSchema,
} from './usage.ts';
