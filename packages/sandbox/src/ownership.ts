import { createHash } from 'node:crypto';
import { chownSync, lchownSync, lstatSync, readdirSync } from 'node:fs';
import { chown, lchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A host user and group. */
export interface HostUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * The unprivileged host user an agent's processes run as when the service runs as root:
 * `base` plus 16 bits of a hash of the agent id. Per agent (not one shared user) so that the
 * per-user process limit of one agent cannot be used up by another, and so that, if a mount
 * ever exposed another agent's files, their owner would not match.
 */
export function agentUser(agentId: string, base: number): HostUser {
  const offset = createHash('sha256').update(agentId).digest().readUInt16BE(0);
  return { uid: base + offset, gid: base + offset };
}

/**
 * Gives `user` ownership of `root` and everything in it that it does not own yet, without
 * following symlinks. Descends only into entries owned by someone else, so a tree the
 * agent already owns costs one `lstat` of its top — except at `deep` (a first run, or
 * folders written by an older version): then every entry is checked.
 */
export async function claimTree(root: string, user: HostUser, deep: boolean): Promise<void> {
  const queue = [root];
  while (queue.length > 0) {
    const path = queue.shift()!;
    const stat = await lstat(path).catch(() => undefined);
    if (!stat) continue;
    const foreign = stat.uid !== user.uid || stat.gid !== user.gid;
    if (foreign)
      await (stat.isSymbolicLink() ? lchown : chown)(path, user.uid, user.gid).catch(() => undefined);
    if (stat.isDirectory() && (foreign || deep || path === root)) {
      const names = await readdir(path).catch(() => [] as string[]);
      for (const name of names) queue.push(join(path, name));
    }
  }
}

/**
 * The same, synchronously and shallow: `root`'s direct entries, descending into those
 * someone else owns. For what the service itself wrote just before starting a process
 * (a folder the runtime will write in).
 */
export function claimNewEntries(root: string, user: HostUser): void {
  const queue = [root];
  while (queue.length > 0) {
    const path = queue.shift()!;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    const foreign = stat.uid !== user.uid || stat.gid !== user.gid;
    if (foreign) {
      try {
        (stat.isSymbolicLink() ? lchownSync : chownSync)(path, user.uid, user.gid);
      } catch {
        // Gone meanwhile, or not ours to change: the process will say what it cannot write.
      }
    }
    if (stat.isDirectory() && (foreign || path === root)) {
      try {
        for (const name of readdirSync(path)) queue.push(join(path, name));
      } catch {
        // As above.
      }
    }
  }
}
