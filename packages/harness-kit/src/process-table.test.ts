import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  childrenOf,
  descendantsOf,
  groupMembers,
  isAlive,
  isLeftOver,
  isRunning,
  isStillRunning,
  processesTagged,
  processFile,
  readProc,
  residentKilobytes,
} from './process-table.ts';
import { signalGroup, stopProcesses } from './stop-processes.ts';

async function until(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++) await sleep(10);
}

describe('the process table', () => {
  it('reads this process: its parent, group, start time, command line and memory', () => {
    const self = readProc(process.pid)!;
    expect(self).toMatchObject({ pid: process.pid, parentPid: process.ppid, state: expect.any(String) });
    expect(self.startTime).toBeGreaterThan(0);
    expect(isRunning(process.pid) && isAlive(process.pid) && isStillRunning(self)).toBe(true);
    expect(isStillRunning({ pid: process.pid, startTime: self.startTime + 1 })).toBe(false);
    expect(processFile(process.pid, 'cmdline')).toContain('node');
    expect(residentKilobytes(process.pid)).toBeGreaterThan(0);
    expect(readProc(2 ** 30)).toBeUndefined();
    expect(processFile(2 ** 30, 'environ')).toBe('');
  });

  it('finds a tree by parentage, group and inherited tag, and a stop ends all of it', async () => {
    const tag = `kit-test-${process.pid}-${Date.now()}`;
    const child = spawn('sh', ['-c', 'sleep 30 & setsid sleep 31 & wait'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, KIT_TEST_TAG: tag },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const leader = child.pid!;
    await until(() => descendantsOf(leader).length === 2);
    const tree = descendantsOf(leader).map((entry) => entry.pid);
    expect(tree).toHaveLength(2);
    expect(childrenOf(leader).sort()).toEqual([...tree].sort());
    expect(descendantsOf(process.pid).map((entry) => entry.pid)).toEqual(
      expect.arrayContaining([leader, ...tree]),
    );
    expect(groupMembers(leader)).toContain(leader);
    // `setsid` takes one sleep out of the group; the tag still finds it.
    expect(
      processesTagged('KIT_TEST_TAG', tag)
        .map((entry) => entry.pid)
        .sort(),
    ).toEqual([leader, ...tree].sort());

    await stopProcesses({
      members: () => processesTagged('KIT_TEST_TAG', tag).map((entry) => entry.pid),
      signalAll: (signal) => signalGroup(leader, signal),
      isGone: (pid) => !isRunning(pid),
      graceMs: 200,
    });
    await exited;
    expect([leader, ...tree].filter(isLeftOver)).toEqual([]);
  });

  it('counts a process seen during a run as left over only while that same process lives, not a new one on its pid', () => {
    const self = readProc(process.pid)!;
    expect(isLeftOver(self)).toBe(true);
    // Pids wrap around: another process with this pid but a later start is not the one seen.
    expect(isLeftOver({ pid: process.pid, startTime: self.startTime - 1 })).toBe(false);
  });

  it('stops nothing when nothing is there', async () => {
    await stopProcesses({ members: () => [], isGone: () => true, graceMs: 10 });
  });
});
