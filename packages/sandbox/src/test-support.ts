import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchedProcess } from '@lifeosai/harness-spec';

/** A fake `$LIFEOSAI_HOME` with two agents' folders and the platform's key files beside them. */
export interface FakeHome {
  readonly home: string;
  readonly workspace: string;
  readonly state: string;
  /** Another agent's workspace, which must stay out of reach. */
  readonly otherWorkspace: string;
  remove(): void;
}

export function makeFakeHome(): FakeHome {
  const home = mkdtempSync(join(tmpdir(), 'lifeosai-sandbox-test-'));
  const workspace = join(home, 'agents', 'agt_one', 'workspace');
  const state = join(home, 'agents', 'agt_one', 'data');
  const otherWorkspace = join(home, 'agents', 'agt_two', 'workspace');
  for (const folder of [workspace, state, otherWorkspace]) mkdirSync(folder, { recursive: true });
  return {
    home,
    workspace,
    state,
    otherWorkspace,
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** What a finished process printed and how it ended. */
export interface Finished {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Collects a launched process's output until it exits (or `timeoutMs` passes: then it is stopped). */
export async function finish(launched: LaunchedProcess, timeoutMs = 20_000): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  launched.child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  launched.child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => void launched.stop().then(() => resolve(null)), timeoutMs);
    launched.child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  // Output may still be in flight when the exit is reported.
  await new Promise((resolve) => setImmediate(resolve));
  return { stdout, stderr, code };
}
