import type { CreateAgentBody, HeartbeatBody } from '@lifeosai/api-contract';
import type { Agent, Harness } from '../../lib/api.ts';
import { createMergePatch } from '../../lib/merge-patch.ts';
import { cronProblem } from './cron.ts';
import {
  type AgentDraft,
  defaultAskTimeoutSec,
  defaultMaxConcurrentRuns,
  defaultRunTimeoutSec,
  draftFromAgent,
  effectiveProvider,
  type McpServerDraft,
  providerKey,
  settingFields,
} from './draft.ts';

/** Problems by field key (`name`, `mcp.<rowId>.url`, `cron`, …), each a sentence for a person. */
export type FieldErrors = Record<string, string>;

/**
 * The body of `POST /api/agent/agents` (create), the contract's; an edit sends the merge patch
 * from the stored agent to it (`toAgentPatch`). `adapterConfig` is always built.
 */
export type AgentRequestBody = CreateAgentBody & { adapterConfig: Record<string, unknown> };

export type AgentRequest = { ok: true; body: AgentRequestBody } | { ok: false; errors: FieldErrors };

const mcpNamePattern = /^[a-zA-Z0-9_-]{1,64}$/;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `KEY<separator>value` lines → a record; blank lines are skipped. */
function parsePairs(
  text: string,
  separator: string,
  what: string,
): { value: Record<string, string> } | { error: string } {
  const value: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(separator);
    const key = at > 0 ? line.slice(0, at).trim() : '';
    if (!key) return { error: `Line ${index + 1}: expected ${what}.` };
    value[key] = line.slice(at + separator.length).trim();
  }
  return { value };
}

function isHttpUrl(text: string): boolean {
  const url = URL.parse(text);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}

function mcpServer(server: McpServerDraft, errors: FieldErrors): Record<string, unknown> | undefined {
  const at = `mcp.${server.rowId}`;
  if (server.type === 'stdio') {
    if (!server.command.trim()) errors[`${at}.command`] = 'Enter the command that starts the server.';
    const env = parsePairs(server.env, '=', 'KEY=value');
    if ('error' in env) errors[`${at}.env`] = env.error;
    const args = server.args
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return 'value' in env
      ? { type: 'stdio', command: server.command.trim(), args, env: env.value }
      : undefined;
  }
  if (!isHttpUrl(server.url.trim())) errors[`${at}.url`] = 'Enter an http:// or https:// URL.';
  const headers = parsePairs(server.headers, ':', 'Header-Name: value');
  if ('error' in headers) errors[`${at}.headers`] = headers.error;
  return 'value' in headers ? { type: 'http', url: server.url.trim(), headers: headers.value } : undefined;
}

/** A whole number in [min, max] from an input, or an error sentence. */
function wholeNumber(text: string, min: number, max: number): number | string {
  const value = Number(text.trim());
  if (!text.trim() || !Number.isInteger(value) || value < min || value > max)
    return `Enter a whole number from ${min} to ${max}.`;
  return value;
}

/**
 * The harness's own settings into `config`, each as its field's kind wants it. A setting the
 * form shows is decided by the form (emptied: left out, so the harness default applies); a
 * stored value no input can hold (an ACP agent's custom command) stays as it was.
 */
function harnessSettings(
  draft: AgentDraft,
  harness: Harness | undefined,
  config: Record<string, unknown>,
  errors: FieldErrors,
): void {
  for (const field of settingFields(harness)) {
    const raw = draft.settings[field.key];
    if (raw === undefined) {
      if (field.required && config[field.key] === undefined)
        errors[`settings.${field.key}`] = `Choose ${field.label.toLowerCase()}.`;
      continue;
    }
    delete config[field.key];
    const text = raw.trim();
    if (!text) {
      if (field.required) errors[`settings.${field.key}`] = `Choose ${field.label.toLowerCase()}.`;
      continue;
    }
    const at = `settings.${field.key}`;
    if (field.kind === 'integer') {
      const value = wholeNumber(text, field.min ?? 0, field.max ?? Number.MAX_SAFE_INTEGER);
      if (typeof value === 'string') errors[at] = value;
      else config[field.key] = value;
    } else if (field.kind === 'url') {
      if (isHttpUrl(text)) config[field.key] = text.replace(/\/+$/, '');
      else errors[at] = 'Enter an http:// or https:// URL.';
    } else if (field.kind === 'choice') {
      if (field.choices?.includes(text)) config[field.key] = text;
      else errors[at] = `Choose one of: ${(field.choices ?? []).join(', ')}.`;
    } else if (field.kind === 'text-list') {
      config[field.key] = text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    } else config[field.key] = text;
  }
}

function adapterConfig(
  draft: AgentDraft,
  harness: Harness | undefined,
  keepOther: boolean,
  errors: FieldErrors,
): Record<string, unknown> {
  const config: Record<string, unknown> = keepOther ? { ...draft.otherHarnessConfig } : {};
  if (draft.model.trim()) config.model = draft.model.trim();
  // Only a harness whose config picks a provider (Pi's `provider`) takes one.
  const key = providerKey(harness);
  const provider = effectiveProvider(harness, draft.provider);
  if (key && provider) config[key] = provider;
  harnessSettings(draft, harness, config, errors);
  const servers: Record<string, unknown> = {};
  const names = new Set<string>();
  for (const server of draft.mcpServers) {
    const name = server.name.trim();
    if (!mcpNamePattern.test(name))
      errors[`mcp.${server.rowId}.name`] = 'Use 1–64 letters, digits, _ or - (no spaces).';
    else if (names.has(name)) errors[`mcp.${server.rowId}.name`] = `Another server is already named ${name}.`;
    names.add(name);
    const built = mcpServer(server, errors);
    if (built) servers[name] = built;
  }
  if (draft.mcpServers.length) config.mcpServers = servers;
  const skills: string[] = [];
  for (const skill of draft.skills) {
    const path = skill.path.trim().replace(/\/+$/, '');
    if (!path) continue;
    if (/^([/\\]|[a-zA-Z]:)/.test(path) || path.split(/[/\\]/).includes('..') || path === '.')
      errors[`skills.${skill.rowId}`] =
        'Give a folder inside the workspace, e.g. skills/review (no leading / or ..).';
    else skills.push(path);
  }
  if (skills.length) config.skills = skills;
  const pluginConfig = pluginConfigOf(draft, errors);
  if (Object.keys(pluginConfig).length) config.pluginConfig = pluginConfig;
  for (const rule of draft.permissionRules) {
    if (!rule.tool.trim())
      errors[`rules.${rule.rowId}.tool`] = 'Enter a tool name, e.g. Bash, or remove the rule.';
  }
  const askTimeout = wholeNumber(draft.askTimeoutSec, 1, 3600);
  if (typeof askTimeout === 'string') errors.askTimeoutSec = askTimeout;
  const changedPermissions =
    draft.permissionMode !== 'allow' ||
    draft.permissionRules.length > 0 ||
    askTimeout !== defaultAskTimeoutSec;
  if (changedPermissions && typeof askTimeout === 'number')
    config.permissions = {
      mode: draft.permissionMode,
      rules: draft.permissionRules.map((rule) => ({ tool: rule.tool.trim(), behavior: rule.behavior })),
      askTimeoutMs: askTimeout * 1000,
    };
  return config;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function heartbeat(draft: AgentDraft, errors: FieldErrors): HeartbeatBody | null {
  if (draft.heartbeatMode === 'off') return null;
  const result: HeartbeatBody = { enabled: true };
  if (draft.heartbeatMode === 'interval') {
    const minutes = Number(draft.intervalMinutes.trim());
    if (!draft.intervalMinutes.trim() || !Number.isFinite(minutes) || minutes < 1 || minutes > 7 * 24 * 60)
      errors.intervalMinutes = 'Enter a number of minutes from 1 to 10080 (a week).';
    else result.intervalSec = Math.round(minutes * 60);
  } else {
    const problem = cronProblem(draft.cron);
    if (problem) errors.cron = problem;
    else result.cron = draft.cron.trim().replace(/\s+/g, ' ');
  }
  if (draft.activeHoursOn) {
    if (!timePattern.test(draft.activeStart)) errors.activeStart = 'Enter a time as HH:MM (24-hour).';
    if (!timePattern.test(draft.activeEnd)) errors.activeEnd = 'Enter a time as HH:MM (24-hour).';
    else if (draft.activeStart === draft.activeEnd)
      errors.activeEnd = 'The end must differ from the start (an end before the start spans midnight).';
    if (!isTimeZone(draft.timezone.trim()))
      errors.timezone = 'Enter an IANA time zone such as Europe/Paris or UTC.';
    result.activeHours = { start: draft.activeStart, end: draft.activeEnd, timezone: draft.timezone.trim() };
  }
  if (draft.heartbeatPrompt.trim()) result.prompt = draft.heartbeatPrompt.trim();
  return result;
}

function limits(draft: AgentDraft, editing: boolean, errors: FieldErrors): AgentRequestBody['limits'] {
  const result: NonNullable<AgentRequestBody['limits']> = {};
  const fields = [
    ['maxConcurrentRuns', 1, 100, defaultMaxConcurrentRuns],
    ['runTimeoutSec', 1, 24 * 3600, defaultRunTimeoutSec],
  ] as const;
  for (const [key, min, max, fallback] of fields) {
    // Empty means the default: left out on create (the API applies it), sent on edit.
    if (!draft[key].trim()) {
      if (editing) result[key] = fallback;
      continue;
    }
    const value = wholeNumber(draft[key], min, max);
    if (typeof value === 'string') errors[key] = value;
    else result[key] = value;
  }
  const budget = draft.monthlyBudgetUsd.trim();
  const amount = Number(budget);
  if (budget && (!Number.isFinite(amount) || amount < 0))
    errors.monthlyBudgetUsd = 'Enter an amount in US dollars (0 or more), or leave it empty for no budget.';
  else if (budget) result.monthlyBudgetUsd = amount;
  else if (editing) result.monthlyBudgetUsd = null;
  return Object.keys(result).length ? result : undefined;
}

/** How the form is read: a create or an edit, and with which harnesses' metadata. */
export interface AgentRequestOptions {
  editing: boolean;
  /** Keep harness settings the form does not show (the harness is unchanged). */
  keepOtherHarnessConfig: boolean;
  harnesses: readonly Harness[];
}

/**
 * Validates the form and builds the request body. On create, empty optional parts are left
 * out so the API's defaults apply; on edit every part is built, so what the form shows is what
 * is saved (an emptied budget becomes `null`, a heartbeat turned off becomes `null`) once
 * `toAgentPatch` has turned it into the merge patch from the stored agent.
 * `keepOtherHarnessConfig`: keep harness settings the form does not show (the harness is unchanged).
 * `harnesses`: `GET /api/agent/harnesses`, whose metadata says which key picks the provider.
 */
export function toAgentRequest(draft: AgentDraft, options: AgentRequestOptions): AgentRequest {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Give the agent a name.';
  else if (name.length > 200) errors.name = 'Use at most 200 characters.';
  if (!draft.harness) errors.harness = 'Pick a harness.';
  if (draft.instructions.length > 100_000) errors.instructions = 'Use at most 100,000 characters.';
  const body: AgentRequestBody = {
    name,
    adapterType: draft.harness,
    adapterConfig: adapterConfig(
      draft,
      options.harnesses.find((harness) => harness.id === draft.harness),
      options.keepOtherHarnessConfig,
      errors,
    ),
  };
  if (draft.instructions.trim() || options.editing) body.instructions = draft.instructions;
  const beat = heartbeat(draft, errors);
  if (beat || options.editing) body.heartbeat = beat;
  const limitsBody = limits(draft, options.editing, errors);
  if (limitsBody) body.limits = limitsBody;
  if (draft.visibility !== 'private' || options.editing) body.visibility = draft.visibility;
  if (draft.plugins.length || options.editing) body.plugins = draft.plugins;
  // None granted is left out: on edit the merge patch then removes the ones unticked (`null`).
  if (draft.connections.length > 0) body.connections = draft.connections;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/**
 * The `PATCH` body of an edit: the JSON merge patch from what the form made of the stored
 * agent when it opened to what it makes of it now — so only what the person changed is sent,
 * anything they removed (an MCP server, a rule list, the budget, the heartbeat) as `null`, and
 * every setting they did not touch is left out and stays as stored, even one the form cannot
 * show or would write differently (a permissions block equal to the defaults, a disabled
 * heartbeat's schedule, an MCP server's extra keys). Without `options` (or when the stored
 * agent is not one the form accepts), the patch is from the stored agent itself.
 */
export function toAgentPatch(
  agent: Agent,
  body: AgentRequestBody,
  options?: AgentRequestOptions,
): Record<string, unknown> {
  const opened = options && toAgentRequest(draftFromAgent(agent), options);
  const before = opened?.ok
    ? { ...opened.body }
    : {
        name: agent.name,
        instructions: agent.instructions ?? '',
        adapterType: agent.adapterType,
        adapterConfig: agent.adapterConfig,
        heartbeat: agent.heartbeat,
        limits: agent.limits,
        visibility: agent.visibility,
        plugins: agent.plugins,
        ...(agent.connections?.length && { connections: agent.connections }),
      };
  return createMergePatch(before, { ...body });
}

/** The config of each enabled plugin given one: a JSON object per plugin (`pluginConfig.<id>` names a bad one). */
function pluginConfigOf(draft: AgentDraft, errors: FieldErrors): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const id of draft.plugins) {
    const text = draft.pluginConfig[id]?.trim();
    if (!text) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) config[id] = value;
      else errors[`pluginConfig.${id}`] = 'Give a JSON object, like {"apiUrl": "https://…"}.';
    } catch {
      errors[`pluginConfig.${id}`] = 'This is not valid JSON; give an object, like {"apiUrl": "https://…"}.';
    }
  }
  return config;
}
