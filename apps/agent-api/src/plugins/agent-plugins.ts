import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import { z } from 'zod';

/**
 * Checks an agent's `plugins` as it is saved: each id is a plugin of the organization
 * (`PLUGIN_NOT_FOUND`, 404, like any unknown or foreign id), and the config the agent gives
 * a plugin that declares a config schema (`adapterConfig.pluginConfig[id]`, `{}` when absent)
 * passes that JSON Schema (`INVALID_ADAPTER_CONFIG`, 400, naming the field). Config kept for
 * a plugin the agent does not enable is left alone: an uninstall removes the plugin from its
 * agents, and the agent's next edit must not fail on a field nobody touched.
 */
export async function checkAgentPlugins(
  db: Kysely<Database>,
  orgId: string,
  plugins: ReadonlyArray<string>,
  adapterConfig: Readonly<Record<string, unknown>>,
): Promise<void> {
  if (plugins.length === 0) return;
  const rows = await db
    .selectFrom('plugins')
    .select(['id', 'name', 'configSchema'])
    .where('orgId', '=', orgId)
    .where('id', 'in', [...plugins])
    .execute();
  const configs = (adapterConfig.pluginConfig ?? {}) as Record<string, Record<string, unknown>>;
  for (const id of plugins) {
    const row = rows.find((plugin) => plugin.id === id);
    if (!row) {
      throw new PlatformError(
        'PLUGIN_NOT_FOUND',
        `plugins: no plugin ${id} in this organization; install it first (Plugins) or remove it from the agent.`,
      );
    }
    if (row.configSchema) checkPluginConfig(row.name, row.id, row.configSchema, configs[id] ?? {});
  }
}

function checkPluginConfig(
  name: string,
  id: string,
  configSchema: Record<string, unknown>,
  config: Record<string, unknown>,
): void {
  const field = `adapterConfig.pluginConfig.${id}`;
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(configSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new PlatformError(
      'INVALID_ADAPTER_CONFIG',
      `${field}: the plugin ${name} declares a config schema this platform cannot check (${(error as Error).message}); install a version with a plain JSON Schema.`,
    );
  }
  const parsed = schema.safeParse(config);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].join('.');
  throw new PlatformError(
    'INVALID_ADAPTER_CONFIG',
    `${path}: ${issue?.message ?? 'invalid'} (the config schema of plugin ${name})`,
  );
}
