export {
  type AssistantContentBlock,
  assistantContentBlockSchema,
  type ImageBlock,
  type OpaqueBlock,
  type RedactedThinkingBlock,
  type TextBlock,
  type ThinkingBlock,
  type ToolResultBlock,
  type ToolUseBlock,
  type UserContentBlock,
  userContentBlockSchema,
} from './content-blocks.ts';
export { type EnvelopeFields, type EventEnvelope, eventEnvelopeSchema, withEnvelope } from './envelope.ts';
export {
  type ErrorClass,
  errorClassOfStatus,
  errorClassSchema,
  isRetryable,
  isUnreachableProviderMessage,
  unreachableProviderMessage,
} from './error-class.ts';
export { EventQueue } from './event-queue.ts';
export { type EventType, eventTypes, type HarnessEvent, harnessEventSchema } from './harness-event.ts';
export { isTerminalEvent } from './is-terminal-event.ts';
export {
  type AssistantEvent,
  assistantEventSchema,
  type StreamEvent,
  streamEventSchema,
  type UserEvent,
  userEventSchema,
} from './message-events.ts';
export { type NativeIds, nativeIdsSchema } from './native-ids.ts';
export {
  type PermissionRequestEvent,
  type PermissionResolvedEvent,
  permissionRequestEventSchema,
  permissionResolvedEventSchema,
} from './permission-events.ts';
export { computeCostUsd, type ModelPrice, priceTable } from './price-table.ts';
export { type ContentBlockDelta, type RawStreamEvent, rawStreamEventSchema } from './raw-stream-event.ts';
export {
  type ResultEvent,
  type ResultSubtype,
  resultEventSchema,
  resultSubtypeSchema,
} from './result-event.ts';
export {
  type ErrorEvent,
  errorEventSchema,
  type StatusEvent,
  statusEventSchema,
  type ToolProgressEvent,
  toolProgressEventSchema,
  type UsageEvent,
  usageEventSchema,
} from './run-events.ts';
export {
  type SystemCompactBoundaryEvent,
  type SystemEvent,
  type SystemInitEvent,
  systemCompactBoundaryEventSchema,
  systemInitEventSchema,
} from './system-event.ts';
export {
  type ParseUnifiedEventResult,
  parseUnifiedEvent,
  type UnifiedEvent,
  type UnifiedEventOf,
  unifiedEventSchema,
} from './unified-event.ts';
export { addUsage, emptyUsage, type ModelUsage, modelUsageSchema, type Usage, usageSchema } from './usage.ts';
export { EVENT_SCHEMA_VERSION } from './version.ts';
