import { z } from 'zod';
import type { ArchiveFiles } from './archive-files.ts';
import { manifestPath } from './archive-path.ts';
import { invalidPlugin } from './invalid.ts';

/**
 * What a plugin brings, normalised from either manifest format; paths are relative to the
 * bundle's root (`skills/review`). The same shape as the database's `PluginPartsRecord`.
 */
export interface PluginParts {
  /** Skill folders (each holds a SKILL.md); `name` is the folder's name. */
  skills: Array<{ name: string; path: string }>;
  /**
   * MCP servers by name, as written: `${PLUGIN_ROOT}` and Claude's `${CLAUDE_PLUGIN_ROOT}` in
   * `command`, `args`, `env`, `cwd` and `url` stand for the unpacked bundle's root
   * (`resolvePluginMcpServers` replaces them).
   */
  mcpServers: Record<string, Record<string, unknown>>;
  /** Markdown files whose text is appended to the agent's instructions. */
  instructions: string[];
  /** Slash commands (markdown files); `name` is `review` or, nested, `git:review`. */
  commands: Array<{ name: string; path: string }>;
}

/** An MCP server entry: a stdio command or a remote URL. Other fields pass through. */
const mcpServerSchema = z
  .looseObject({
    command: z.string().min(1).max(4096).optional(),
    args: z.array(z.string().max(4096)).max(256).optional(),
    env: z.record(z.string(), z.string().max(16_384)).optional(),
    cwd: z.string().max(4096).optional(),
    url: z.string().max(4096).optional(),
    type: z.string().max(32).optional(),
  })
  .refine(
    (server) => server.command !== undefined || server.url !== undefined,
    'an MCP server needs a command or a url',
  );

const mcpServerName = /^[A-Za-z0-9_.-]{1,64}$/;

/** MCP servers from an inline map, or from a JSON file holding one (flat, or under `mcpServers`). */
export function readMcpServers(
  files: ArchiveFiles,
  value: unknown,
  field: string,
): Record<string, Record<string, unknown>> {
  const inline = typeof value === 'string' ? readJsonFile(files, manifestPath(value, field), field) : value;
  const map =
    inline && typeof inline === 'object' && 'mcpServers' in inline
      ? (inline as { mcpServers: unknown }).mcpServers
      : inline;
  if (!map || typeof map !== 'object' || Array.isArray(map))
    throw invalidPlugin(`${field} is not a map of MCP servers`);
  const servers: Record<string, Record<string, unknown>> = {};
  for (const [name, server] of Object.entries(map)) {
    if (!mcpServerName.test(name))
      throw invalidPlugin(`the MCP server name ${JSON.stringify(name)} in ${field} is not usable`);
    const parsed = mcpServerSchema.safeParse(server);
    if (!parsed.success) {
      throw invalidPlugin(
        `the MCP server ${name} in ${field} is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    }
    servers[name] = parsed.data;
  }
  return servers;
}

/** A JSON file of the bundle, parsed; `PLUGIN_INVALID` when missing or not JSON. */
export function readJsonFile(files: ArchiveFiles, path: string, field: string): unknown {
  const bytes = files.get(path);
  if (!bytes) throw invalidPlugin(`${field} names ${path}, which is not in the bundle`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw invalidPlugin(`${path} is not valid JSON`);
  }
}

/**
 * Skill folders under `path`: the folder itself when it holds a SKILL.md, else each of its
 * subfolders that holds one. `required` refuses a path that yields none.
 */
export function findSkills(files: ArchiveFiles, path: string, required: boolean): PluginParts['skills'] {
  const prefix = path === '' ? '' : `${path}/`;
  if (files.has(`${prefix}SKILL.md`)) {
    return [{ name: path.split('/').at(-1) || 'skill', path }];
  }
  const skills = [...files.keys()]
    .filter((file) => file.startsWith(prefix) && /^[^/]+\/SKILL\.md$/.test(file.slice(prefix.length)))
    .map((file) => {
      const folder = file.slice(0, -'/SKILL.md'.length);
      return { name: folder.split('/').at(-1) ?? folder, path: folder };
    });
  if (required && skills.length === 0)
    throw invalidPlugin(`the skill folder ${path || '.'} holds no SKILL.md`);
  return skills;
}

/** Markdown commands: `path` itself when it is a .md file, else every .md file under it. */
export function findCommands(files: ArchiveFiles, path: string, required: boolean): PluginParts['commands'] {
  if (path.endsWith('.md')) {
    if (!files.has(path)) {
      if (required) throw invalidPlugin(`the command file ${path} is not in the bundle`);
      return [];
    }
    return [{ name: (path.split('/').at(-1) ?? path).slice(0, -3), path }];
  }
  const prefix = path === '' ? '' : `${path}/`;
  const commands = [...files.keys()]
    .filter((file) => file.startsWith(prefix) && file.endsWith('.md'))
    .map((file) => ({ name: file.slice(prefix.length, -3).replaceAll('/', ':'), path: file }));
  if (required && commands.length === 0) throw invalidPlugin(`the command folder ${path} holds no .md file`);
  return commands;
}

/** Keeps the first of each name, so two sources naming the same skill or command yield one. */
export function uniqueByName<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.name) && seen.add(item.name));
}

/** A manifest file of the bundle parsed by `schema`; `PLUGIN_INVALID` naming the first bad field. */
export function parseManifestFile<T>(files: ArchiveFiles, file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(readJsonFile(files, file, 'the bundle'));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidPlugin(`${file}: ${issue?.path.join('.') || 'manifest'} is ${issue?.message ?? 'invalid'}`);
}
