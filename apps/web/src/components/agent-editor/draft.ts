import type { Agent, Harness } from '../../lib/api.ts';

/** A permission behaviour, the same three words the Agent API uses. */
export type PermissionBehavior = 'allow' | 'ask' | 'deny';

/** How the heartbeat is scheduled in the form; `off` saves no heartbeat. */
export type HeartbeatMode = 'off' | 'interval' | 'cron';

/** One MCP server row. Multi-value fields are edited as text, one entry a line. */
export interface McpServerDraft {
  /** React key of the row; never sent. */
  rowId: string;
  name: string;
  type: 'stdio' | 'http';
  command: string;
  /** One argument a line (so arguments may hold spaces). */
  args: string;
  /** `KEY=value` lines. */
  env: string;
  url: string;
  /** `Header-Name: value` lines. */
  headers: string;
}

export interface SkillDraft {
  rowId: string;
  /** Folder relative to the agent's workspace. */
  path: string;
}

export interface PermissionRuleDraft {
  rowId: string;
  tool: string;
  behavior: PermissionBehavior;
}

/**
 * Everything the agent editor edits, as the inputs hold it (numbers are strings until
 * submit). `toAgentRequest` validates it and turns it into an Agent API body.
 */
export interface AgentDraft {
  name: string;
  harness: string;
  /** The provider a harness that can use several (Pi) talks to; empty for the harness's default. */
  provider: string;
  /** Empty for the provider's default model. */
  model: string;
  instructions: string;
  mcpServers: McpServerDraft[];
  skills: SkillDraft[];
  permissionMode: PermissionBehavior;
  permissionRules: PermissionRuleDraft[];
  askTimeoutSec: string;
  heartbeatMode: HeartbeatMode;
  intervalMinutes: string;
  cron: string;
  activeHoursOn: boolean;
  activeStart: string;
  activeEnd: string;
  timezone: string;
  heartbeatPrompt: string;
  maxConcurrentRuns: string;
  runTimeoutSec: string;
  /** Empty for no budget. */
  monthlyBudgetUsd: string;
  /** Who reads its conversations: each member their own, or the whole organization. */
  visibility: 'private' | 'organization';
  /** Ids of the OAuth connections it is granted (Settings → Connections). */
  connections: string[];
  /**
   * The harness's own settings (its metadata's `configFields` other than provider and model),
   * as the inputs hold them: numbers as text, lists one entry a line. An empty one is left out.
   */
  settings: Record<string, string>;
  /** Harness settings the editor does not show (e.g. `maxTurns`), kept when the harness stays. */
  otherHarnessConfig: Record<string, unknown>;
  /** Ids of the organization's plugins the agent enables. */
  plugins: string[];
  /** The config given each plugin (`adapterConfig.pluginConfig`), as JSON text by plugin id. */
  pluginConfig: Record<string, string>;
}

/** The harness's own settings the editor shows in "Harness settings": every config field but provider and model. */
export function settingFields(harness: Harness | undefined): Harness['configFields'] {
  return (harness?.configFields ?? []).filter((field) => field.kind !== 'provider' && field.kind !== 'model');
}

/** A stored setting as its input shows it; undefined for a value no input can hold (a custom command object). */
function settingText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n');
  return undefined;
}

/**
 * The provider a harness will talk to with this draft: the one picked if the harness speaks it,
 * else its default (undefined while the harness list has not loaded).
 */
export function effectiveProvider(harness: Harness | undefined, provider: string): string | undefined {
  const ids = harness?.providers.map((item) => item.id);
  return ids?.includes(provider) ? provider : ids?.[0];
}

/** The `adapterConfig` key that picks the provider, for a harness whose config has one (Pi's `provider`). */
export function providerKey(harness: Harness | undefined): string | undefined {
  return harness?.configFields.find((field) => field.kind === 'provider')?.key;
}

export const defaultAskTimeoutSec = 300;
export const defaultMaxConcurrentRuns = 1;
export const defaultRunTimeoutSec = 1800;

let rowCounter = 0;
/** A key for a new list row, unique in this page. */
export function newRowId(): string {
  rowCounter += 1;
  return `row${rowCounter}`;
}

export function emptyMcpServer(): McpServerDraft {
  return { rowId: newRowId(), name: '', type: 'stdio', command: '', args: '', env: '', url: '', headers: '' };
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The form of a new agent. */
export function emptyDraft(): AgentDraft {
  return {
    name: 'My agent',
    harness: 'pi',
    provider: '',
    model: '',
    instructions: '',
    mcpServers: [],
    skills: [],
    permissionMode: 'allow',
    permissionRules: [],
    askTimeoutSec: String(defaultAskTimeoutSec),
    heartbeatMode: 'off',
    intervalMinutes: '60',
    cron: '',
    activeHoursOn: false,
    activeStart: '09:00',
    activeEnd: '18:00',
    timezone: browserTimeZone(),
    heartbeatPrompt: '',
    maxConcurrentRuns: '',
    runTimeoutSec: '',
    monthlyBudgetUsd: '',
    visibility: 'private',
    connections: [],
    settings: {},
    otherHarnessConfig: {},
    plugins: [],
    pluginConfig: {},
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const asBehavior = (value: unknown): PermissionBehavior =>
  value === 'ask' || value === 'deny' ? value : 'allow';
const pairs = (value: unknown, separator: string): string =>
  Object.entries(asRecord(value))
    .map(([key, item]) => `${key}${separator}${asString(item)}`)
    .join('\n');

/** The keys of `adapterConfig` the editor shows itself; everything else is kept as it is. */
const editedConfigKeys = new Set([
  'mcpServers',
  'skills',
  'permissions',
  'model',
  'provider',
  'pluginConfig',
]);

/** The form of an existing agent. */
export function draftFromAgent(agent: Agent): AgentDraft {
  const config = asRecord(agent.adapterConfig);
  const permissions = asRecord(config.permissions);
  const heartbeat = asRecord(agent.heartbeat);
  const activeHours = asRecord(heartbeat.activeHours);
  const empty = emptyDraft();
  const intervalSec = typeof heartbeat.intervalSec === 'number' ? heartbeat.intervalSec : undefined;
  const cron = asString(heartbeat.cron);
  return {
    ...empty,
    name: agent.name,
    harness: agent.adapterType,
    provider: asString(config.provider),
    model: asString(config.model),
    instructions: agent.instructions ?? '',
    mcpServers: Object.entries(asRecord(config.mcpServers)).map(([name, value]) => {
      const server = asRecord(value);
      return {
        ...emptyMcpServer(),
        name,
        type: server.type === 'http' ? 'http' : 'stdio',
        command: asString(server.command),
        args: (Array.isArray(server.args) ? server.args : []).map(asString).join('\n'),
        env: pairs(server.env, '='),
        url: asString(server.url),
        headers: pairs(server.headers, ': '),
      };
    }),
    skills: (Array.isArray(config.skills) ? config.skills : []).map((path) => ({
      rowId: newRowId(),
      path: asString(path),
    })),
    permissionMode: asBehavior(permissions.mode),
    permissionRules: (Array.isArray(permissions.rules) ? permissions.rules : []).map((rule) => ({
      rowId: newRowId(),
      tool: asString(asRecord(rule).tool),
      behavior: asBehavior(asRecord(rule).behavior),
    })),
    askTimeoutSec:
      typeof permissions.askTimeoutMs === 'number'
        ? String(permissions.askTimeoutMs / 1000)
        : String(defaultAskTimeoutSec),
    heartbeatMode: heartbeat.enabled !== true ? 'off' : cron ? 'cron' : intervalSec ? 'interval' : 'off',
    intervalMinutes: intervalSec ? String(intervalSec / 60) : empty.intervalMinutes,
    cron,
    activeHoursOn: Boolean(heartbeat.activeHours),
    activeStart: asString(activeHours.start) || empty.activeStart,
    activeEnd: asString(activeHours.end) || empty.activeEnd,
    timezone: asString(activeHours.timezone) || empty.timezone,
    heartbeatPrompt: asString(heartbeat.prompt),
    maxConcurrentRuns: String(agent.limits.maxConcurrentRuns),
    runTimeoutSec: String(agent.limits.runTimeoutSec),
    monthlyBudgetUsd: agent.limits.monthlyBudgetUsd === null ? '' : String(agent.limits.monthlyBudgetUsd),
    visibility: agent.visibility,
    connections: agent.connections ?? [],
    settings: Object.fromEntries(
      Object.entries(config)
        .filter(([key]) => !editedConfigKeys.has(key))
        .flatMap(([key, value]) => {
          const text = settingText(value);
          return text === undefined ? [] : [[key, text]];
        }),
    ),
    otherHarnessConfig: Object.fromEntries(
      Object.entries(config).filter(([key]) => !editedConfigKeys.has(key)),
    ),
    plugins: agent.plugins ?? [],
    pluginConfig: Object.fromEntries(
      Object.entries(asRecord(config.pluginConfig)).map(([id, value]) => [
        id,
        JSON.stringify(value, null, 2),
      ]),
    ),
  };
}
