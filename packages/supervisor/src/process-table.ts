import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it; `startTime` tells a live pid apart from a reused one. */
export interface ProcessEntry {
  pid: number;
  parentPid: number;
  /** Single-letter state; `Z` is a zombie nobody reaped yet. */
  state: string;
  /** Clock ticks since boot when the process started (field 22 of /proc/<pid>/stat). */
  startTime: number;
}

/** The process `pid` from /proc, or undefined when it is gone. */
export function readProcess(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0]!, parentPid: Number(fields[1]), startTime: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `rootPid` (children, grandchildren, …, any process group). */
export function descendantsOf(rootPid: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readProcess(Number(name));
    if (entry) children.set(entry.parentPid, [...(children.get(entry.parentPid) ?? []), entry]);
  }
  const found: ProcessEntry[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * Every live process whose environment holds `name=value` — the mark the supervisor gives
 * each service, which its children inherit. Finds them wherever they were re-parented,
 * however young (the descendant tracker only sees what lived through one of its passes).
 */
export function processesMarked(name: string, value: string): ProcessEntry[] {
  const mark = `${name}=${value}`;
  const found: ProcessEntry[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue; // Gone, or not ours to read: then not a process of ours either.
    }
    if (!environ.split('\0').includes(mark)) continue;
    const process_ = readProcess(Number(entry));
    if (process_ && process_.state !== 'Z') found.push(process_);
  }
  return found;
}

/** Whether this exact process (same pid, same start time) still runs; zombies count as gone. */
export function isStillRunning(entry: Pick<ProcessEntry, 'pid' | 'startTime'>): boolean {
  const now = readProcess(entry.pid);
  return now !== undefined && now.startTime === entry.startTime && now.state !== 'Z';
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
