import type { ArchiveFiles } from './archive-files.ts';
import { claudeManifestFile, readClaudeBundle } from './claude-code.ts';
import { invalidPlugin } from './invalid.ts';
import type { ArchiveLimits } from './limits.ts';
import { lifeosaiManifestFile, type PluginManifest, readLifeosaiBundle } from './manifest.ts';
import type { PluginParts } from './parts.ts';
import { readArchiveFiles } from './read-archive.ts';

/** A bundle read and checked: what to store and show, and its files. */
export interface PluginBundle {
  manifest: PluginManifest;
  parts: PluginParts;
  /** Parts of a Claude Code plugin that are present but not applied (`hooks`, `agents`…). */
  unsupported: string[];
  /** The bundle's files by path relative to its root. */
  files: ArchiveFiles;
}

/**
 * Reads a `.tgz` or `.zip` plugin bundle (detected by magic bytes) in memory: `lifeosai-plugin.json`
 * first, else Claude Code's `.claude-plugin/plugin.json`. Throws `PLUGIN_INVALID` with the
 * reason for anything unsafe (see `readArchiveFiles`), malformed or missing.
 */
export async function readPluginArchive(archive: Uint8Array, limits?: ArchiveLimits): Promise<PluginBundle> {
  const files = await readArchiveFiles(archive, limits);
  if (files.has(lifeosaiManifestFile)) return { ...readLifeosaiBundle(files), unsupported: [], files };
  if (files.has(claudeManifestFile)) return { ...readClaudeBundle(files), files };
  throw invalidPlugin(`it has neither ${lifeosaiManifestFile} nor ${claudeManifestFile} at its root`);
}
