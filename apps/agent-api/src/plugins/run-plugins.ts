import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@lifeosai/db';
import type { HarnessCapabilities, McpServerConfig, SkillFolder } from '@lifeosai/harness-spec';
import { checksumHex, unpackPlugin } from '@lifeosai/plugins';
import type { ReadOnlyFolders } from '@lifeosai/sandbox';
import type { Kysely } from 'kysely';
import { insideBundle } from './bundle-path.ts';
import { commandSkills } from './command-skills.ts';
import { pluginMcpServers } from './plugin-mcp-servers.ts';

/** What the plugins an agent enables add to one run. */
export interface RunPlugins {
  /** Skill folders (the plugins' own, and their commands as skills), after the agent's. */
  readonly skills: SkillFolder[];
  /** MCP servers, named `<plugin>-<server>`, beside the agent's. */
  readonly mcpServers: Record<string, McpServerConfig>;
  /** Instruction texts, appended to the agent's in plugin order. */
  readonly instructions: string[];
  /** The unpacked bundles (and generated command skills) the run reads; absent when none. */
  readonly readOnly?: ReadOnlyFolders;
  /** One line per plugin saying what was applied and what this harness does not take; absent when none. */
  readonly notice?: string;
}

/** Where plugins are unpacked: `$LIFEOSAI_HOME/plugins`, outside every agent's folders. */
export function pluginCache(home: string): string {
  return join(home, 'plugins');
}

/** A plugin's instruction files together may not exceed this (characters). */
const maxInstructions = 100_000;

/**
 * The prepare stage's plugin step: each plugin the agent enables (an id whose row is gone —
 * uninstalled — is skipped), unpacked once per archive into the plugin cache, and its parts
 * applied as far as the harness takes them — skills and commands-as-skills with
 * `capabilities.skills`, MCP servers with `capabilities.mcp`, instructions always. Rejects when
 * a bundle cannot be unpacked (`PLUGIN_INVALID`): the run then fails at its start, naming it.
 */
export async function pluginsForRun(
  deps: { db: Kysely<Database>; home: string },
  orgId: string,
  enabled: ReadonlyArray<string>,
  capabilities: Pick<HarnessCapabilities, 'skills' | 'mcp'>,
  own: { skills: ReadonlyArray<string>; mcpServers: ReadonlyArray<string>; pluginConfig?: PluginConfigs },
): Promise<RunPlugins> {
  const empty: RunPlugins = { skills: [], mcpServers: {}, instructions: [] };
  if (enabled.length === 0) return empty;
  const rows = await deps.db
    .selectFrom('plugins')
    .select(['id', 'name', 'version', 'checksum', 'parts'])
    .where('orgId', '=', orgId)
    .where('id', 'in', [...enabled])
    .execute();
  if (rows.length === 0) return empty;
  const cache = pluginCache(deps.home);
  const skillNames = new Set(own.skills);
  const serverNames = new Set(own.mcpServers);
  const result = { ...empty, folders: [] as string[], lines: [] as string[] };
  for (const id of enabled) {
    const row = rows.find((plugin) => plugin.id === id);
    if (!row) continue;
    const bundle = await unpacked(deps.db, row, cache);
    result.folders.push(bundle);
    const applied: string[] = [];
    const missing: string[] = [];
    const { parts } = row;
    if (capabilities.skills) {
      const commands = await commandSkills(bundle, parts.commands, row.name);
      if (commands) result.folders.push(commands.folder);
      const skills = [
        ...parts.skills.map((skill) => ({ name: skill.name, path: insideBundle(bundle, skill.path) })),
        ...(commands?.skills ?? []),
      ].filter((skill) => !skillNames.has(skill.name) && skillNames.add(skill.name));
      result.skills.push(...skills);
      if (skills.length > 0) applied.push(`skills ${skills.map((skill) => skill.name).join(', ')}`);
    } else if (parts.skills.length + parts.commands.length > 0) {
      missing.push('skills and commands');
    }
    const declaredServers = Object.keys(parts.mcpServers).length > 0;
    if (capabilities.mcp && declaredServers) {
      const config = own.pluginConfig?.[id] ?? {};
      const { servers, skipped } = pluginMcpServers(row.name, parts.mcpServers, bundle, config, serverNames);
      for (const name of Object.keys(servers)) serverNames.add(name);
      Object.assign(result.mcpServers, servers);
      if (Object.keys(servers).length > 0) applied.push(`MCP servers ${Object.keys(servers).join(', ')}`);
      if (skipped.length > 0) missing.push(`MCP servers ${skipped.join(', ')}`);
    } else if (declaredServers) {
      missing.push('MCP servers');
    }
    if (parts.instructions.length > 0) {
      result.instructions.push(await readInstructions(bundle, parts.instructions));
      applied.push('instructions');
    }
    result.lines.push(
      `${row.name}@${row.version}: ${applied.join('; ') || 'nothing'}` +
        (missing.length > 0 ? ` (not applied here: ${missing.join('; ')})` : ''),
    );
  }
  return {
    skills: result.skills,
    mcpServers: result.mcpServers,
    instructions: result.instructions,
    readOnly: { root: cache, folders: result.folders },
    notice: `Plugins: ${result.lines.join(' · ')}`,
  };
}

/** `adapterConfig.pluginConfig`: the config the agent gives each plugin, by id. */
export type PluginConfigs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The bundle's folder in the cache; its archive is read from the database only when missing. */
async function unpacked(
  db: Kysely<Database>,
  row: { id: string; checksum: string },
  cache: string,
): Promise<string> {
  const hex = checksumHex(row.checksum);
  if (hex) {
    const folder = join(cache, hex);
    if (
      await stat(folder).then(
        (entry) => entry.isDirectory(),
        () => false,
      )
    )
      return folder;
  }
  const { archive } = await db
    .selectFrom('plugins')
    .select('archive')
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  return unpackPlugin(archive, row.checksum, cache);
}

async function readInstructions(bundle: string, files: ReadonlyArray<string>): Promise<string> {
  const texts = await Promise.all(files.map((file) => readFile(insideBundle(bundle, file), 'utf8')));
  return texts
    .map((text) => text.trim())
    .join('\n\n')
    .slice(0, maxInstructions);
}
