/**
 * A fake LLM server speaking the Anthropic Messages API, the OpenAI chat-completions and
 * Responses APIs and Gemini's generateContent,
 * driven by scripted scenarios. See packages/testkit/README.md.
 */
export type { RecordedRequest } from './answer.ts';
export { type ApiKind, estimateTokens, type ModelCall, promptText } from './model-call.ts';
export { FAKE_GEMINI_MODELS, FAKE_MODELS } from './models.ts';
export {
  type ErrorScenario,
  type ErrorStatus,
  error,
  malformed,
  type ReplyBlock,
  type ReplyContent,
  type ReplyEnding,
  type ReplyOptions,
  type ReplyScenario,
  reply,
  type Scenario,
  type StopReason,
  slow,
  stall,
  type ToolCallSpec,
  text,
  toolCall,
  truncated,
  type UsageOverrides,
} from './scenario.ts';
export { type CallMatcher, echo, type Responder, type RuleOptions } from './script.ts';
export { type FakeLlm, type FakeLlmOptions, startFakeLlm } from './server.ts';
