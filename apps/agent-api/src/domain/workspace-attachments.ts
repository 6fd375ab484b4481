import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PlatformError } from '@lifeosai/errors';

/** The folder of the workspace attachments land in (the web chat's and the channels'). */
export const attachmentsFolder = 'attachments';

/**
 * A name safe as one path segment: the base name only, characters outside a conservative set
 * replaced, no leading dot (never a hidden file, never `..`).
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[^\w.\- ]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .trim()
    .slice(-120);
  return cleaned || 'file';
}

/** Refuses (409) a path of the workspace that is a link, or resolves outside the workspace. */
async function insideWorkspace(workspace: string, path: string): Promise<void> {
  const [root, resolved, entry] = await Promise.all([realpath(workspace), realpath(path), lstat(path)]);
  if (entry.isSymbolicLink() || !resolved.startsWith(`${root}/`)) {
    throw new PlatformError('ATTACHMENTS_FOLDER_INVALID');
  }
}

/** The agent's workspace (as prepare-run makes it): the runs' working directory. */
export function agentWorkspace(home: string, agentId: string): string {
  return join(home, 'agents', agentId, 'workspace');
}

/**
 * Writes a file someone gives the agent into its workspace under `attachments/`, with a fresh
 * name (nothing is ever overwritten), and returns its path relative to the workspace. The
 * workspace is the agent's: a run may have made `attachments` a link to anywhere the platform
 * can write, so the folder and the written file must resolve inside it (409 otherwise, the
 * file removed).
 */
export async function writeAttachment(workspace: string, name: string, bytes: Uint8Array): Promise<string> {
  const folder = join(workspace, attachmentsFolder);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await insideWorkspace(workspace, folder);
  const fileName = `${randomBytes(4).toString('hex')}-${safeFileName(name)}`;
  const file = join(folder, fileName);
  await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
  await insideWorkspace(workspace, file).catch(async (error: unknown) => {
    await unlink(file).catch(() => undefined);
    throw error;
  });
  return `${attachmentsFolder}/${fileName}`;
}
