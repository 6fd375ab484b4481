import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  parentPid: number;
  /** Single-letter state; `Z` is a zombie nobody reaped. */
  state: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, state: afterName[0]!, parentPid: Number(afterName[1]) };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `rootPid` (children, grandchildren, …), from /proc. */
export function descendantsOf(rootPid: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) children.set(info.parentPid, [...(children.get(info.parentPid) ?? []), info]);
  const found: ProcessInfo[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/** Whether the process still exists in any state (a zombie counts: it was not reaped). */
export function isAlive(pid: number): boolean {
  return readProcess(pid) !== undefined;
}

/** `/proc/<pid>/cmdline` and `environ` as text ('' when the process is gone or unreadable). */
export function processText(pid: number, file: 'cmdline' | 'environ'): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
