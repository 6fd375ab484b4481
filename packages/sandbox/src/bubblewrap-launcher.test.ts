import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBubblewrapLauncher } from './bubblewrap-launcher.ts';
import { agentUser } from './ownership.ts';
import { loadSandboxSettings } from './settings.ts';
import { hostView } from './system-paths.ts';
import { finish, makeFakeHome } from './test-support.ts';

describe('the bubblewrap launcher', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  // A checkout in a `mktemp -d` folder: the platform's code lives under /tmp, where every
  // sandbox mounts its own private /tmp. The code must still be there, read-only.
  it('shows code installed under /tmp inside the sandbox, beside its private /tmp', async () => {
    const home = makeFakeHome();
    cleanups.push(home.remove);
    const code = mkdtempSync(join(tmpdir(), 'lifeosai-code-under-tmp-'));
    cleanups.push(() => rmSync(code, { recursive: true, force: true }));
    mkdirSync(join(code, 'packages'));
    writeFileSync(join(code, 'packages', 'installed.txt'), 'installed code\n');
    for (const folder of [code, join(code, 'packages')]) chmodSync(folder, 0o755);
    const runDirectory = mkdtempSync(join(tmpdir(), 'lifeosai-run-'));
    cleanups.push(() => rmSync(runDirectory, { recursive: true, force: true }));
    const settings = loadSandboxSettings({});
    const view = hostView();
    const launcher = createBubblewrapLauncher(
      {
        bwrap: settings.bwrap,
        user: process.getuid?.() === 0 ? agentUser('agt_one', settings.uidBase) : undefined,
        view: { ...view, readOnly: [...view.readOnly, join(code, 'packages')] },
        writable: [home.workspace, home.state],
        nodeCompileCache: join(home.state, '.cache'),
        runDirectory,
        limits: settings.limits,
        listen: [],
        proxyUrl: 'http://127.0.0.1:9',
        cgroupProcs: [],
      },
      () => undefined,
    );
    const launched = launcher.spawn({
      command: '/bin/sh',
      args: ['-c', `cat ${join(code, 'packages', 'installed.txt')}; touch /tmp/scratch && echo tmp-writable`],
      cwd: home.workspace,
      env: { PATH: '/usr/bin:/bin' },
    });
    const { stdout, stderr, code: exitCode } = await finish(launched);
    expect({ stdout, stderr, exitCode }).toEqual({
      stdout: 'installed code\ntmp-writable\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
