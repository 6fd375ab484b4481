export type { HarnessCapabilities } from './capabilities.ts';
export type { ConfigIssue, ConfigValidationResult, ConfigValidator } from './config-validator.ts';
export type { ProviderCredential, ProviderCredentials, ProviderId } from './credentials.ts';
export type { EnvironmentContext, EnvironmentDiagnostic } from './environment.ts';
export type { AgentProviderSettings, Harness } from './harness.ts';
export type { HarnessConfigField, HarnessMetadata } from './harness-metadata.ts';
export type { HarnessRegistry } from './harness-registry.ts';
export type { McpHttpServerConfig, McpServerConfig, McpStdioServerConfig } from './mcp-server.ts';
export type { ModelInfo } from './model-info.ts';
export type {
  PermissionBehavior,
  PermissionPolicy,
  PermissionResponse,
  PermissionRule,
} from './permission-policy.ts';
export type {
  JsonSchemaObject,
  PlatformTool,
  PlatformToolCall,
  PlatformToolHandler,
  PlatformToolResult,
} from './platform-tool.ts';
export type { LaunchedProcess, LaunchRequest, ProcessLauncher } from './process-launcher.ts';
export { platformSocketVariables } from './process-launcher.ts';
export type { RunContext, RunLimits, SkillFolder } from './run-context.ts';
export type { RunHandle } from './run-handle.ts';
export type { RunTimerHandle, RunTimers } from './run-timers.ts';
export type {
  ContinueInterruptedSession,
  ForkSession,
  NewSession,
  ResumeSession,
  SessionState,
} from './session-state.ts';
export { isUnsupported, UnsupportedFeatureError } from './unsupported-feature-error.ts';
