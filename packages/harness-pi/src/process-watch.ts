import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * Killing a run's process tree. The runner starts in its own process group, so one signal
 * to the group reaches it, its MCP servers and most tool processes. Not all: Pi starts
 * each bash command `detached` (a process group of its own, so it can kill that command's
 * tree), which a group signal misses. So the tree is also walked through /proc and every
 * descendant is signalled by pid and by its own group.
 */

/** Every live descendant of `rootPid` (children, grandchildren, …); empty where /proc is missing. */
export function descendantPids(rootPid: number): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentPidOf(Number(name));
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentPidOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is parenthesized and may contain spaces or parentheses.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Whether `pid` still exists (a zombie counts: nobody reaped it yet). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Already gone.
  }
}

/** Timing of `killProcessTree`. */
export interface KillTiming {
  /** Time between SIGTERM and SIGKILL. */
  readonly graceMs: number;
  /** Latest moment (ms from the call) to stop waiting for processes to disappear. */
  readonly deadlineMs: number;
}

/**
 * Ends `child` and everything below it: SIGTERM to the tree, SIGKILL to whatever is left
 * after `graceMs`, then waits until no process of the tree exists (the child reaped by
 * Node, orphans by init) or the deadline passes. Never rejects; safe to call repeatedly.
 */
export async function killProcessTree(child: ChildProcess, timing: KillTiming): Promise<void> {
  const started = performance.now();
  const pid = child.pid;
  if (pid === undefined) return;
  const known = new Set<number>();
  const signalTree = (name: NodeJS.Signals) => {
    for (const descendant of descendantPids(pid)) known.add(descendant);
    signal(-pid, name);
    for (const descendant of known) {
      signal(-descendant, name);
      signal(descendant, name);
    }
    if (child.exitCode === null && child.signalCode === null) signal(pid, name);
  };
  const childExited = () => child.exitCode !== null || child.signalCode !== null;
  const treeGone = () => childExited() && [...known].every((descendant) => !exists(descendant));

  signalTree('SIGTERM');
  while (!treeGone() && performance.now() - started < timing.graceMs) await sleep(20);
  if (!treeGone()) signalTree('SIGKILL');
  while (!treeGone() && performance.now() - started < timing.deadlineMs) await sleep(10);
}

/** Keeps the last `limit` bytes of a stream, e.g. a process's stderr, for error reports. */
export class OutputTail {
  #text = '';
  readonly #limit: number;

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  push(chunk: Buffer | string): void {
    // Twice the limit is kept so that a secret cut by the window's edge is still whole
    // when redacted; only the last `limit` characters are ever shown.
    this.#text = (this.#text + chunk.toString()).slice(-2 * this.#limit);
  }

  /** The last `limit` characters, with every secret replaced by `[REDACTED]`. */
  text(secrets: ReadonlyArray<string>): string {
    return redact(this.#text, secrets).slice(-this.#limit);
  }
}

/** `text` with each secret (of 4 characters or more) replaced by `[REDACTED]`. */
export function redact(text: string, secrets: ReadonlyArray<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, '[REDACTED]');
  return out;
}
