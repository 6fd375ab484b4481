import { readdirSync, readFileSync } from 'node:fs';

/*
 * The process table as Linux's /proc shows it: the one place the platform reads it (the
 * sandbox's plain launcher, the supervisor, the conformance suite and the benchmarks). Every
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
  /** Clock ticks since boot when the process started: tells a live pid apart from a reused one. */
  readonly startTime: number;
}

/** One process; undefined when it is gone (or this is not Linux). */
export function readProc(pid: number): ProcEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      state: fields[0] ?? '?',
      parentPid: Number(fields[1]),
      groupId: Number(fields[2]),
      // Field 22 of the whole line; the fields here start at field 3.
      startTime: Number(fields[19]),
    };
  } catch {
    return undefined;
  }
}

/** Whether the process exists in any state (a zombie counts: nobody reaped it yet). */
export function isAlive(pid: number): boolean {
  return readProc(pid) !== undefined;
}

/** Whether the process exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  const entry = readProc(pid);
  return entry !== undefined && entry.state !== 'Z';
}

/** Whether this exact process (same pid, same start time) still runs; a zombie counts as gone. */
export function isStillRunning(entry: Pick<ProcEntry, 'pid' | 'startTime'>): boolean {
  const now = readProc(entry.pid);
  return now !== undefined && now.startTime === entry.startTime && now.state !== 'Z';
}

/**
 * Whether a process is still there in a way that matters when a run has ended: running, or a
 * zombie this process should have reaped. A zombie whose parent is gone waits for init and
 * holds nothing. Given the entry seen while the run lived (its start time), a new process that
 * took the same pid does not count: pids wrap around (at 32768 by default) within seconds when
 * another test's fork bomb runs beside this one.
 */
export function isLeftOver(process_: number | Pick<ProcEntry, 'pid' | 'startTime'>): boolean {
  const seen = typeof process_ === 'number' ? undefined : process_;
  const entry = readProc(typeof process_ === 'number' ? process_ : process_.pid);
  if (entry === undefined) return false;
  if (seen !== undefined && entry.startTime !== seen.startTime) return false;
  return entry.state !== 'Z' || entry.parentPid === process.pid;
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

/** Every live descendant of `rootPid` (children, grandchildren, …, any process group). */
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

/** A process's children, from the kernel's own list (one small read, not a table walk). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Live pids in process group `groupId`. */
export function groupMembers(groupId: number, table: readonly ProcEntry[] = liveProcesses()): number[] {
  return table.filter((entry) => entry.groupId === groupId).map((entry) => entry.pid);
}

/**
 * Live processes (this one excepted) whose environment carries `name=value`: a mark given to a
 * process is inherited by everything it starts, so this finds them wherever they were
 * re-parented and however young. Only readable environments count (ours, or any as root).
 */
export function processesTagged(name: string, value: string): ProcEntry[] {
  const needle = `\0${name}=${value}\0`;
  return liveProcesses().filter(
    (entry) => entry.pid !== process.pid && processFile(entry.pid, 'environ', '\0').includes(needle),
  );
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

/** Resident memory of one process in kilobytes (VmRSS), 0 when gone. */
export function residentKilobytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
