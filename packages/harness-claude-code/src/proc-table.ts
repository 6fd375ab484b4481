import { readdirSync, readFileSync } from 'node:fs';

/** One process as `/proc/<pid>/stat` shows it. */
export interface ProcEntry {
  readonly pid: number;
  readonly parentPid: number;
  readonly groupId: number;
  /** Single-letter state; `Z` is a zombie. */
  readonly state: string;
}

/** Reads one process; undefined when it is gone (or this is not Linux). */
export function readProc(pid: number): ProcEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0] ?? '?', parentPid: Number(fields[1]), groupId: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function allProcs(): ProcEntry[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((entry): entry is ProcEntry => entry !== undefined);
}

/**
 * Live pids in the tree under `rootPid` (when given) or in process group `groupId`: the
 * group catches what the CLI started and then lost (orphans re-parented to init stay in
 * the group), the tree catches what left the group (a child that called `setsid`).
 */
export function processesOf(rootPid: number | undefined, groupId: number): number[] {
  const procs = allProcs().filter((entry) => entry.state !== 'Z');
  const children = new Map<number, number[]>();
  for (const entry of procs)
    children.set(entry.parentPid, [...(children.get(entry.parentPid) ?? []), entry.pid]);
  const found = new Set(procs.filter((entry) => entry.groupId === groupId).map((entry) => entry.pid));
  const visited = new Set<number>();
  const queue = rootPid === undefined ? [] : [rootPid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    if (visited.has(parent)) continue;
    visited.add(parent);
    for (const child of children.get(parent) ?? []) {
      found.add(child);
      queue.push(child);
    }
  }
  found.delete(process.pid);
  return [...found];
}

/**
 * Live pids whose environment carries `name=value`. Claude Code's Bash tool starts each
 * command in a new session (`setsid`), so a command the agent backgrounded (`server &`) is
 * outside the CLI's group and, once its shell exits, outside its tree too; it still carries
 * the environment the run gave the CLI, so a per-run tag finds it.
 */
export function processesTagged(name: string, value: string): number[] {
  const needle = `\0${name}=${value}\0`;
  return allProcs()
    .filter((entry) => entry.state !== 'Z' && entry.pid !== process.pid)
    .filter((entry) => {
      try {
        return `\0${readFileSync(`/proc/${entry.pid}/environ`, 'latin1')}`.includes(needle);
      } catch {
        return false;
      }
    })
    .map((entry) => entry.pid);
}
