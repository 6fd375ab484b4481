import { z } from 'zod';
import type { ArchiveFiles } from './archive-files.ts';
import { manifestPath } from './archive-path.ts';
import { invalidPlugin } from './invalid.ts';
import { type PluginManifest, pluginNamePattern, pluginVersionPattern } from './manifest.ts';
import {
  findCommands,
  findSkills,
  type PluginParts,
  parseManifestFile,
  readJsonFile,
  readMcpServers,
  uniqueByName,
} from './parts.ts';

/** Where Claude Code's manifest sits in a plugin. */
export const claudeManifestFile = '.claude-plugin/plugin.json';

const oneOrMany = z.union([z.string().max(1024), z.array(z.string().max(1024)).max(500)]);

/**
 * The fields of Claude Code's `plugin.json` that LIFEOSAI reads; the rest (author, homepage,
 * hooks, agents, outputStyles, lspServers…) pass through unread — see `unsupportedClaudeParts`.
 */
const claudeManifestSchema = z.looseObject({
  name: z.string().max(214).regex(pluginNamePattern, 'a lowercase name like review-tools'),
  version: z.string().max(64).regex(pluginVersionPattern, 'an exact version like 1.2.0').optional(),
  description: z.string().max(2000).optional(),
  skills: oneOrMany.optional(),
  commands: oneOrMany.optional(),
  mcpServers: z
    .union([z.string().max(1024), z.array(z.unknown()).max(50), z.record(z.string(), z.unknown())])
    .optional(),
  userConfig: z
    .record(
      z.string(),
      z.looseObject({ description: z.string().max(2000).optional(), sensitive: z.boolean().optional() }),
    )
    .optional(),
});

/** Claude Code plugin parts LIFEOSAI does not apply (they configure Claude Code's own UI and loop). */
export const unsupportedClaudeParts = ['hooks', 'agents', 'outputStyles', 'lspServers', 'channels'] as const;

/**
 * Imports a Claude Code plugin as it is: `skills/<name>/SKILL.md` (and the folders `skills`
 * adds), `commands/**.md` (or what `commands` names instead), MCP servers from `.mcp.json` at
 * the root and from `mcpServers` (inline, a path, or a list of either), `userConfig` as the
 * config schema. The version comes from plugin.json, else from package.json (an npm package).
 */
export function readClaudeBundle(files: ArchiveFiles): {
  manifest: PluginManifest;
  parts: PluginParts;
  unsupported: string[];
} {
  const plugin = parseManifestFile(files, claudeManifestFile, claudeManifestSchema);
  const version = plugin.version ?? packageVersion(files);
  if (!version)
    throw invalidPlugin(`${claudeManifestFile} needs a version (or package.json one), like 1.0.0`);

  const skillPaths = ['skills', ...list(plugin.skills).map((path) => manifestPath(path, 'skills'))];
  const commandPaths =
    plugin.commands === undefined
      ? ['commands']
      : list(plugin.commands).map((path) => manifestPath(path, 'commands'));
  const mcpServers = {
    ...(files.has('.mcp.json') ? readMcpServers(files, '.mcp.json', '.mcp.json') : {}),
    ...list(plugin.mcpServers).reduce<Record<string, Record<string, unknown>>>(
      (servers, source) => Object.assign(servers, readMcpServers(files, source, 'mcpServers')),
      {},
    ),
  };
  return {
    manifest: {
      name: plugin.name,
      version,
      description: plugin.description ?? null,
      format: 'claude-code',
      configSchema: plugin.userConfig ? userConfigSchema(plugin.userConfig) : null,
    },
    parts: {
      skills: uniqueByName(skillPaths.flatMap((path, index) => findSkills(files, path, index > 0))),
      mcpServers,
      instructions: [],
      commands: uniqueByName(
        commandPaths.flatMap((path) => findCommands(files, path, plugin.commands !== undefined)),
      ),
    },
    unsupported: unsupportedClaudeParts.filter(
      (part) =>
        part in plugin ||
        (part === 'hooks' && files.has('hooks/hooks.json')) ||
        (part === 'agents' && hasFolder(files, 'agents')),
    ),
  };
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function hasFolder(files: ArchiveFiles, folder: string): boolean {
  return [...files.keys()].some((path) => path.startsWith(`${folder}/`));
}

function packageVersion(files: ArchiveFiles): string | null {
  if (!files.has('package.json')) return null;
  const manifest = readJsonFile(files, 'package.json', 'package.json') as { version?: unknown } | null;
  const version = manifest?.version;
  return typeof version === 'string' && pluginVersionPattern.test(version) ? version : null;
}

/** Claude's `userConfig` (a map of described options) as the JSON Schema of a string map. */
function userConfigSchema(
  userConfig: Record<string, { description?: string; sensitive?: boolean }>,
): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(userConfig).map(([key, option]) => [
        key,
        {
          type: 'string',
          ...(option.description && { description: option.description }),
          ...(option.sensitive && { writeOnly: true }),
        },
      ]),
    ),
  };
}
