import { z } from 'zod';
import type { ArchiveFiles } from './archive-files.ts';
import { manifestPath } from './archive-path.ts';
import { invalidPlugin } from './invalid.ts';
import {
  findCommands,
  findSkills,
  type PluginParts,
  parseManifestFile,
  readMcpServers,
  uniqueByName,
} from './parts.ts';

/** A plugin's identity and settings, from either manifest format. */
export interface PluginManifest {
  /** Unique within an organization together with `version`. */
  name: string;
  /** An exact semantic version (`1.2.0`). */
  version: string;
  description: string | null;
  /** `lifeosai` (lifeosai-plugin.json) or `claude-code` (.claude-plugin/plugin.json, imported as it is). */
  format: 'lifeosai' | 'claude-code';
  /** JSON Schema of the config an agent gives the plugin; null when it takes none. */
  configSchema: Record<string, unknown> | null;
}

/** The path of LIFEOSAI's own manifest at the bundle's root. */
export const lifeosaiManifestFile = 'lifeosai-plugin.json';

export const pluginNamePattern = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
export const pluginVersionPattern = /^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/;

const pathList = z.array(z.string().max(1024)).max(500);

/**
 * `lifeosai-plugin.json`. Paths are relative to the bundle's root (`./skills/review`).
 * `parts.skills` names skill folders (or folders of them), `parts.mcpServers` is an inline map
 * or the path of a JSON file holding one, `parts.instructions` names markdown files,
 * `parts.commands` markdown files or folders of them.
 */
export const lifeosaiManifestSchema = z.object({
  name: z.string().max(214).regex(pluginNamePattern, 'a lowercase name like review-tools'),
  version: z.string().max(64).regex(pluginVersionPattern, 'an exact version like 1.2.0'),
  description: z.string().max(2000).optional(),
  parts: z
    .object({
      skills: pathList.optional(),
      mcpServers: z.union([z.string().max(1024), z.record(z.string(), z.unknown())]).optional(),
      instructions: pathList.optional(),
      commands: pathList.optional(),
    })
    .strict()
    .default({}),
  configSchema: z.record(z.string(), z.unknown()).optional(),
});

/** Reads a bundle that has `lifeosai-plugin.json`. */
export function readLifeosaiBundle(files: ArchiveFiles): { manifest: PluginManifest; parts: PluginParts } {
  const { name, version, description, parts, configSchema } = parseManifestFile(
    files,
    lifeosaiManifestFile,
    lifeosaiManifestSchema,
  );
  const instructions = (parts.instructions ?? []).map((path) => {
    const file = manifestPath(path, 'parts.instructions');
    if (!files.has(file)) throw invalidPlugin(`parts.instructions names ${file}, which is not in the bundle`);
    return file;
  });
  return {
    manifest: {
      name,
      version,
      description: description ?? null,
      format: 'lifeosai',
      configSchema: configSchema ?? null,
    },
    parts: {
      skills: uniqueByName(
        (parts.skills ?? []).flatMap((path) => findSkills(files, manifestPath(path, 'parts.skills'), true)),
      ),
      mcpServers:
        parts.mcpServers === undefined ? {} : readMcpServers(files, parts.mcpServers, 'parts.mcpServers'),
      instructions,
      commands: uniqueByName(
        (parts.commands ?? []).flatMap((path) =>
          findCommands(files, manifestPath(path, 'parts.commands'), true),
        ),
      ),
    },
  };
}
