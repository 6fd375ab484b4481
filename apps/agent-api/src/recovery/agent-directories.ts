import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The folders under `$LIFEOSAI_HOME/agents/<id>/` that hold what an agent's runs wrote: each
 * agent's `data` (harness state: Claude Code's transcripts, Pi's sessions, …) and, with
 * `workspaces`, its `workspace`. Symlinked agent folders are left out.
 */
export async function agentDirectories(
  home: string,
  options: { workspaces?: boolean } = {},
): Promise<{ agents: number; roots: string[] }> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(home, 'agents'), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { agents: 0, roots: [] };
    throw error;
  }
  const agents = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(home, 'agents', entry.name));
  return {
    agents: agents.length,
    roots: agents.flatMap((agent) => [
      join(agent, 'data'),
      ...(options.workspaces ? [join(agent, 'workspace')] : []),
    ]),
  };
}
