import { readdirSync, readFileSync } from 'node:fs';

/*
 * The process table as Linux's /proc shows it: the one place the platform reads it. Every
 * function answers "nothing" where /proc is missing or a process vanished mid-read.
 */

/** One process as `/proc/<pid>/stat` shows it. */
export interface ProcEntry {
  readonly pid: number;
  readonly parentPid: number;
  /** Process group id. */
  readonly groupId: number;
  /** Single-letter state; `Z` is a zombie nobody reaped yet. */
  readonly state: string;
}

/** One process; undefined when it is gone (or this is not Linux). */
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

/** Whether the process exists in any state (a zombie counts: nobody reaped it yet). */
export function isAlive(pid: number): boolean {
  return readProc(pid) !== undefined;
}

function processIds(): number[] {
  try {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return [];
  }
}

/** Every process, zombies excluded. */
export function liveProcesses(): ProcEntry[] {
  return processIds()
    .map(readProc)
    .filter((entry): entry is ProcEntry => entry !== undefined && entry.state !== 'Z');
}

/** Every live descendant of `rootPid` (children, grandchildren, …), zombies excluded. */
export function descendantsOf(rootPid: number, table: readonly ProcEntry[] = liveProcesses()): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const entry of table) children.set(entry.parentPid, [...(children.get(entry.parentPid) ?? []), entry]);
  const found: ProcEntry[] = [];
  const seen = new Set<number>();
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Live pids in process group `groupId`. */
export function groupMembers(groupId: number, table: readonly ProcEntry[] = liveProcesses()): number[] {
  return table.filter((entry) => entry.groupId === groupId).map((entry) => entry.pid);
}

/** Live pids whose environment carries `name=value` (readable ones only: ours, or any as root). */
export function processesTagged(name: string, value: string): number[] {
  const needle = `\0${name}=${value}\0`;
  return liveProcesses()
    .filter((entry) => entry.pid !== process.pid && processFile(entry.pid, 'environ', '\0').includes(needle))
    .map((entry) => entry.pid);
}

/**
 * Whether a process is still there in a way that matters when a run has ended: running, or a
 * zombie this process should have reaped. A zombie whose parent is gone waits for init and
 * holds nothing.
 */
export function isLeftOver(pid: number): boolean {
  const entry = readProc(pid);
  return entry !== undefined && (entry.state !== 'Z' || entry.parentPid === process.pid);
}

/** Whether the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const entry = readProc(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/**
 * `/proc/<pid>/cmdline` or `environ`, NUL separators turned into `separator` (a leading
 * one is kept for `environ` so `\0NAME=value\0` matches whole entries); '' when unreadable.
 */
export function processFile(pid: number, file: 'cmdline' | 'environ', separator = ' '): string {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'latin1');
    return file === 'environ' && separator === '\0' ? `\0${text}` : text.replaceAll('\0', separator);
  } catch {
    return '';
  }
}
