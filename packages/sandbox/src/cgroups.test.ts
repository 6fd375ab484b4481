import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCgroupParents, sweepStaleRunCgroups } from './cgroups.ts';

describe('sweeping the run cgroups an ended process left behind', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('removes only old, empty run cgroups: never a young one, one in use, or anything not ours', async () => {
    // A plain folder stands in for `lifeosai-runs`: rmdir refuses a folder with something in it
    // as cgroupfs refuses a cgroup with a process in it.
    const parent = mkdtempSync(join(tmpdir(), 'lifeosai-runs-'));
    made.push(parent);
    const hourAgo = new Date(Date.now() - 3_600_000);
    const folder = (name: string, old: boolean) => {
      const path = join(parent, name);
      mkdirSync(path);
      if (old) utimesSync(path, hourAgo, hourAgo);
      return path;
    };
    const leftBehind = folder('lifeosai-lifeosai-sandbox-old', true);
    const justMade = folder('lifeosai-lifeosai-sandbox-new', false);
    const inUse = folder('lifeosai-lifeosai-sandbox-busy', true);
    writeFileSync(join(inUse, 'cgroup.procs'), '4242');
    utimesSync(inUse, hourAgo, hourAgo);
    const notOurs = folder('someone-else', true);

    await sweepStaleRunCgroups([parent, join(parent, 'missing')]);

    expect(existsSync(leftBehind)).toBe(false);
    expect(existsSync(justMade)).toBe(true);
    expect(existsSync(inUse)).toBe(true);
    expect(existsSync(notOurs)).toBe(true);
  });

  it('on the real cgroups, where this machine has them: a cgroup with a process in it stays', async () => {
    const [parent] = await runCgroupParents();
    if (!parent) return; // No cgroups here: the case above covers the sweep's rules.
    const hourAgo = new Date(Date.now() - 3_600_000);
    const old = join(parent, `lifeosai-test-old-${process.pid}`);
    const busy = join(parent, `lifeosai-test-busy-${process.pid}`);
    mkdirSync(old);
    mkdirSync(busy);
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      writeFileSync(join(busy, 'cgroup.procs'), String(sleeper.pid));
      for (const path of [old, busy]) utimesSync(path, hourAgo, hourAgo);

      await sweepStaleRunCgroups([parent]);

      expect(existsSync(old)).toBe(false);
      expect(existsSync(busy)).toBe(true);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.once('exit', resolve));
      for (const path of [old, busy]) if (existsSync(path)) rmdirSync(path);
    }
  });
});
