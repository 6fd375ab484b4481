import type { PluginParts } from './parts.ts';

const rootPlaceholder = /\$\{(?:CLAUDE_)?PLUGIN_ROOT\}/g;

/**
 * A plugin's MCP servers with `${PLUGIN_ROOT}` and `${CLAUDE_PLUGIN_ROOT}` replaced by `root`
 * (where the bundle is mounted in the run) in `command`, `args`, `env`, `cwd` and `url`.
 */
export function resolvePluginMcpServers(
  servers: PluginParts['mcpServers'],
  root: string,
): Record<string, Record<string, unknown>> {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(rootPlaceholder, root);
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(servers).map(([name, server]) => [
      name,
      Object.fromEntries(
        Object.entries(server).map(([key, value]) => [
          key,
          ['command', 'args', 'env', 'cwd', 'url'].includes(key) ? replace(value) : value,
        ]),
      ),
    ]),
  );
}
