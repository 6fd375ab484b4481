import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SdkPluginConfig } from '@anthropic-ai/claude-agent-sdk';
import type { SkillFolder } from '@lifeosai/harness-spec';

/** Plugin name the skills load under: the model sees them as `lifeos:<skill>`. */
const SKILLS_PLUGIN_NAME = 'lifeos';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Makes the run's skill folders loadable: a throwaway local plugin whose `skills/` links to
 * each folder, passed as `query({plugins})`.
 *
 * Why a plugin: Claude Code reads `$CLAUDE_CONFIG_DIR/skills/` only when the `user`
 * settings source is on, and we run with `settingSources: []` so that nothing the agent
 * could write into its own config directory (settings, hooks) takes effect. A plugin
 * directory built fresh for each run, and removed after it, gives the same guarantee for
 * skills (the run removes its scratch directory when it ends). Returns undefined when
 * there are no skills.
 */
export async function prepareSkillsPlugin(
  directory: string,
  skills: ReadonlyArray<SkillFolder>,
): Promise<SdkPluginConfig | undefined> {
  if (skills.length === 0) return undefined;
  await rm(directory, { recursive: true, force: true });
  await mkdir(join(directory, '.claude-plugin'), { recursive: true });
  await mkdir(join(directory, 'skills'));
  await writeFile(
    join(directory, '.claude-plugin', 'plugin.json'),
    JSON.stringify({ name: SKILLS_PLUGIN_NAME, version: '1.0.0', description: "The agent's skills." }),
  );
  for (const skill of skills) {
    // The name becomes a path segment: refuse anything that could climb out of skills/.
    if (!SAFE_NAME.test(skill.name)) continue;
    await symlink(skill.path, join(directory, 'skills', skill.name), 'dir');
  }
  return { type: 'local', path: directory };
}
