import type { PluginPartsView, PluginView } from '@lifeosai/api-contract';
import { type Database, newId, nowIso, type PluginPartsRecord, toJson } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { PluginBundle } from '@lifeosai/plugins';
import type { Kysely } from 'kysely';

/** Where an installed bundle came from. */
export interface PluginOrigin {
  source: 'upload' | 'npm';
  /** `name@version` when installed from npm. */
  npmSpec: string | null;
}

const listedColumns = [
  'id',
  'name',
  'version',
  'description',
  'format',
  'source',
  'npmSpec',
  'checksum',
  'parts',
  'configSchema',
  'createdAt',
] as const;

/**
 * The `plugins` table as the gateway uses it: install (the archive stored in the row, so any
 * instance can unpack it), list with the agents enabling each, uninstall (removing it from
 * every agent in the same transaction).
 */
export function createPluginStore(db: Kysely<Database>) {
  const exists = async (orgId: string, name: string, version: string) =>
    (await db
      .selectFrom('plugins')
      .select('id')
      .where('orgId', '=', orgId)
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst()) !== undefined;

  const pluginExists = (name: string, version: string) =>
    new PlatformError(
      'PLUGIN_EXISTS',
      `${name}@${version} is installed already; uninstall it first or install another version.`,
    );

  /** The organization's agents (not deleted) with the plugin ids each enables. */
  const agentsByPlugin = async (orgId: string) => {
    const agents = await db
      .selectFrom('agents')
      .select(['id', 'name', 'plugins'])
      .where('orgId', '=', orgId)
      .where('deletedAt', 'is', null)
      .orderBy('name')
      .execute();
    const byPlugin = new Map<string, Array<{ id: string; name: string }>>();
    for (const agent of agents) {
      for (const pluginId of agent.plugins ?? []) {
        const list = byPlugin.get(pluginId) ?? [];
        list.push({ id: agent.id, name: agent.name });
        byPlugin.set(pluginId, list);
      }
    }
    return byPlugin;
  };

  return {
    async install(
      caller: { orgId: string; userId: string },
      bundle: PluginBundle,
      archive: Uint8Array,
      checksum: string,
      origin: PluginOrigin,
    ): Promise<PluginView> {
      const { name, version } = bundle.manifest;
      if (await exists(caller.orgId, name, version)) throw pluginExists(name, version);
      const row = {
        id: newId('plg'),
        orgId: caller.orgId,
        name,
        version,
        description: bundle.manifest.description,
        format: bundle.manifest.format,
        source: origin.source,
        npmSpec: origin.npmSpec,
        checksum,
        parts: bundle.parts,
        configSchema: bundle.manifest.configSchema,
        createdBy: caller.userId,
        createdAt: nowIso(),
      };
      try {
        await db
          .insertInto('plugins')
          .values({
            ...row,
            parts: toJson(row.parts),
            configSchema: row.configSchema === null ? null : toJson(row.configSchema),
            archive: Buffer.from(archive),
            archiveBytes: archive.byteLength,
          })
          .execute();
      } catch (error) {
        // Two installs of one version at once: the unique constraint lets one through.
        if (await exists(caller.orgId, name, version)) throw pluginExists(name, version);
        throw error;
      }
      const { orgId: _orgId, createdBy: _createdBy, ...view } = row;
      return { ...view, parts: partsView(row.parts), agents: [] };
    },

    async list(orgId: string): Promise<PluginView[]> {
      const [plugins, agents] = await Promise.all([
        db
          .selectFrom('plugins')
          .select(listedColumns)
          .where('orgId', '=', orgId)
          .orderBy('name')
          .orderBy('createdAt', 'desc')
          .execute(),
        agentsByPlugin(orgId),
      ]);
      return plugins.map((plugin) => ({
        ...plugin,
        parts: partsView(plugin.parts),
        agents: agents.get(plugin.id) ?? [],
      }));
    },

    /**
     * Uninstalls: deletes the row and, in the same transaction, removes the id from every
     * agent's `plugins` and its config from `adapterConfig.pluginConfig` (deleted agents too,
     * so a restored agent never names a plugin that is gone). Returns the agents changed.
     */
    async uninstall(
      orgId: string,
      id: string,
    ): Promise<{ name: string; version: string; agentIds: string[] }> {
      return db.transaction().execute(async (trx) => {
        const plugin = await trx
          .selectFrom('plugins')
          .select(['name', 'version'])
          .where('orgId', '=', orgId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!plugin) throw new PlatformError('PLUGIN_NOT_FOUND');
        const agents = await trx
          .selectFrom('agents')
          .select(['id', 'plugins', 'adapterConfig'])
          .where('orgId', '=', orgId)
          .execute();
        const agentIds: string[] = [];
        for (const agent of agents) {
          const pluginConfig = agent.adapterConfig?.pluginConfig as Record<string, unknown> | undefined;
          const hasConfig = pluginConfig !== undefined && Object.hasOwn(pluginConfig, id);
          if (!(agent.plugins ?? []).includes(id) && !hasConfig) continue;
          const adapterConfig = { ...agent.adapterConfig };
          if (hasConfig) {
            const { [id]: _removed, ...rest } = pluginConfig;
            if (Object.keys(rest).length > 0) adapterConfig.pluginConfig = rest;
            else delete adapterConfig.pluginConfig;
          }
          await trx
            .updateTable('agents')
            .set({
              plugins: toJson((agent.plugins ?? []).filter((pluginId) => pluginId !== id)),
              adapterConfig: toJson(adapterConfig),
              updatedAt: nowIso(),
            })
            .where('id', '=', agent.id)
            .execute();
          agentIds.push(agent.id);
        }
        await trx.deleteFrom('plugins').where('id', '=', id).execute();
        return { ...plugin, agentIds };
      });
    },
  };
}

export type PluginStore = ReturnType<typeof createPluginStore>;

/** What the API shows of a plugin's parts: names, and whether it adds instructions. */
function partsView(parts: PluginPartsRecord): PluginPartsView {
  return {
    skills: parts.skills.map((skill) => skill.name),
    mcpServers: Object.keys(parts.mcpServers),
    commands: parts.commands.map((command) => command.name),
    instructions: parts.instructions.length > 0,
  };
}
