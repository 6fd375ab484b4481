import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkillFolder } from '@lifeosai/harness-spec';
import { insideBundle } from './bundle-path.ts';

/**
 * A Claude Code plugin's slash commands, as skills every harness with `capabilities.skills`
 * loads: one folder per command holding a SKILL.md made of the command's text. No harness
 * takes plugin commands as commands (runs are prompted, nobody types `/review`), and a skill
 * is what a command is to a model — instructions it can pick when the request fits.
 *
 * Generated once per archive in the plugin cache beside the unpacked bundle
 * (`<cache>/<hex>.commands/<name>/SKILL.md`), never in the agent's writable folders: the run
 * reads them like the bundle, and nothing a run wrote can end up in them. The folder is built
 * aside and renamed into place, so concurrent runs see it whole or not at all.
 */
export async function commandSkills(
  bundle: string,
  commands: ReadonlyArray<{ name: string; path: string }>,
  plugin: string,
): Promise<{ folder: string; skills: SkillFolder[] } | undefined> {
  if (commands.length === 0) return undefined;
  const folder = `${bundle}.commands`;
  const skills = commands.map((command) => ({ command, name: skillName(command.name) }));
  const unique = skills.filter(
    ({ name }, index) => skills.findIndex((other) => other.name === name) === index,
  );
  const result = { folder, skills: unique.map(({ name }) => ({ name, path: join(folder, name) })) };
  if (await exists(folder)) return result;
  const temporary = `${bundle}.commands-${randomUUID()}`;
  try {
    await mkdir(temporary, { mode: 0o755 });
    for (const { command, name } of unique) {
      const text = await readFile(insideBundle(bundle, command.path), 'utf8');
      await mkdir(join(temporary, name), { mode: 0o755 });
      await writeFile(join(temporary, name, 'SKILL.md'), skillText(name, command.name, plugin, text), {
        mode: 0o444,
      });
      await chmod(join(temporary, name), 0o555);
    }
    await chmod(temporary, 0o555);
    await rename(temporary, folder).catch(async (error) => {
      if (!(await exists(folder))) throw error;
    });
  } finally {
    if (await exists(temporary)) await removeGenerated(temporary);
  }
  return result;
}

/** `git:review` → `git-review`: a skill name is a folder name every harness accepts. */
function skillName(command: string): string {
  return (
    command
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 64) || 'command'
  );
}

/** The command's text as a skill: its frontmatter's `description` kept, the rest of it dropped. */
function skillText(name: string, command: string, plugin: string, text: string): string {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  const body = frontmatter ? text.slice(frontmatter[0].length) : text;
  const described = frontmatter?.[1]
    ?.match(/^description:\s*(.+)$/m)?.[1]
    ?.trim()
    .replace(/^["']|["']$/g, '');
  const description = described || `The /${command} command of the ${plugin} plugin.`;
  return [
    '---',
    `name: ${name}`,
    `description: ${JSON.stringify(description)}`,
    '---',
    '',
    body.trim(),
    '',
    `(This is the /${command} command of the ${plugin} plugin; $ARGUMENTS stands for what the request asks of it.)`,
    '',
  ].join('\n');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Removes a copy that lost the race or failed half-way (its folders made writable first). */
async function removeGenerated(folder: string): Promise<void> {
  await chmod(folder, 0o755).catch(() => undefined);
  for (const entry of await readdir(folder)) await chmod(join(folder, entry), 0o755).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
}
