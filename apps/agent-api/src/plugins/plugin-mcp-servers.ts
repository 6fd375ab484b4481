import type { McpServerConfig } from '@lifeosai/harness-spec';
import { resolvePluginMcpServers } from '@lifeosai/plugins';

/** What became of a plugin's MCP servers in one run. */
export interface PluginMcpServers {
  /** By the name the run knows them: `<plugin>-<server>`. */
  readonly servers: Record<string, McpServerConfig>;
  /** Servers left out, with why (a transport no harness speaks, a name taken). */
  readonly skipped: string[];
}

const configPlaceholder = /\$\{config\.([A-Za-z0-9_.-]+)\}/g;

/**
 * A plugin's MCP servers as the run's harness takes them: named `<plugin>-<server>` (so they
 * cannot take the place of the agent's own servers, and the model's tools read
 * `mcp__<plugin>-<server>__<tool>`), `${PLUGIN_ROOT}`/`${CLAUDE_PLUGIN_ROOT}` replaced by the
 * unpacked bundle and `${config.NAME}` by the agent's config for the plugin (empty when it
 * gives none). A stdio server also finds the bundle in `PLUGIN_ROOT` and `CLAUDE_PLUGIN_ROOT`,
 * as under Claude Code. `secret:` values are not resolved: a plugin's author must not be able
 * to name the organization's secrets.
 */
export function pluginMcpServers(
  plugin: string,
  declared: Record<string, Record<string, unknown>>,
  bundle: string,
  config: Readonly<Record<string, unknown>>,
  taken: ReadonlySet<string>,
): PluginMcpServers {
  const withConfig = (value: string) =>
    value.replace(configPlaceholder, (_, name: string) => configValue(config[name]));
  const strings = (values: unknown): Record<string, string> =>
    Object.fromEntries(
      Object.entries(isRecord(values) ? values : {})
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([key, value]) => [key, withConfig(value)]),
    );
  const servers: Record<string, McpServerConfig> = {};
  const skipped: string[] = [];
  for (const [name, server] of Object.entries(resolvePluginMcpServers(declared, bundle))) {
    const runName = `${plugin}-${name}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
    if (taken.has(runName) || servers[runName]) {
      skipped.push(`${name} (the name ${runName} is taken)`);
      continue;
    }
    if (typeof server.command === 'string') {
      servers[runName] = {
        type: 'stdio',
        command: withConfig(server.command),
        args: (Array.isArray(server.args) ? server.args : []).map((arg) => withConfig(String(arg))),
        env: { PLUGIN_ROOT: bundle, CLAUDE_PLUGIN_ROOT: bundle, ...strings(server.env) },
      };
    } else if (
      typeof server.url === 'string' &&
      [undefined, 'http', 'streamable-http'].includes(server.type as never)
    ) {
      servers[runName] = { type: 'http', url: withConfig(server.url), headers: strings(server.headers) };
    } else {
      skipped.push(`${name} (transport ${String(server.type)} is not supported; use stdio or http)`);
    }
  }
  return { servers, skipped };
}

function configValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
