import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepStaleRunCgroups } from './cgroups.ts';

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
});
