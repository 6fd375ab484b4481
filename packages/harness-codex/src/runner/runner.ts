/**
 * The runner: the child process one Codex run lives in, started by the host's RunHandle
 * through the run's launcher (inside the run's sandbox). It writes the run's `config.toml`
 * into CODEX_HOME, links the skills, drives one turn through the Codex SDK (which starts
 * `codex exec --experimental-json`, so Codex and everything it starts live in the sandbox
 * too), and forwards every event. It decides nothing: the host maps the events, judges tool
 * calls and decides how the run ended.
 */
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Codex } from '@openai/codex-sdk';
import { codexBinaryPath } from '../shared/codex-binary.ts';
import { hostMessageSchema, type RunnerMessage, type RunnerOptions } from '../shared/ipc-protocol.ts';

const wrapperPath = fileURLToPath(new URL('./codex-exec.sh', import.meta.url));
/** How long the runner waits, once finished, for the host to end its process tree. */
const orphanExitMs = 10_000;
/** Skill names become path segments: nothing that could climb out of `skills/`. */
const safeSkillName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const abort = new AbortController();

process.on('message', (raw) => {
  const parsed = hostMessageSchema.safeParse(raw);
  if (!parsed.success) {
    if ((raw as { type?: unknown } | null)?.type === 'start') {
      void finish({ type: 'failed', message: `invalid start message: ${parsed.error.message}` });
    }
    return;
  }
  void run(parsed.data.options);
});
// The host asked politely (cancel, timeout) or is gone: stop Codex (the SDK kills it), then go.
process.on('SIGTERM', () => stop(143));
process.on('disconnect', () => stop(1));

async function run(options: RunnerOptions): Promise<void> {
  let turnEnded = false;
  try {
    await prepareHome(options);
    const binary = codexBinaryPath();
    const codex = new Codex({
      codexPathOverride: options.trustHooks ? wrapperPath : binary,
      env: {
        ...(process.env as Record<string, string>),
        CODEX_HOME: options.codexHome,
        LIFEOSAI_CODEX_BINARY: binary,
        ...(options.apiKey === undefined ? {} : { [options.apiKeyVariable]: options.apiKey }),
      },
    });
    const threadOptions = {
      model: options.model,
      workingDirectory: options.cwd,
      skipGitRepoCheck: true,
      // Codex's own sandbox cannot nest inside the run's: the run sandbox is the boundary,
      // and tool calls are judged by the harness's PreToolUse hook (see README.md).
      sandboxMode: 'danger-full-access' as const,
      approvalPolicy: 'never' as const,
      webSearchMode: 'disabled' as const,
      ...(options.reasoningEffort === undefined ? {} : { modelReasoningEffort: options.reasoningEffort }),
    };
    const thread =
      options.threadId === undefined
        ? codex.startThread(threadOptions)
        : codex.resumeThread(options.threadId, threadOptions);
    const { events } = await thread.runStreamed(options.prompt, { signal: abort.signal });
    for await (const event of events) {
      if (event.type === 'turn.completed' || event.type === 'turn.failed') turnEnded = true;
      send({ type: 'codex_event', event });
    }
    await finish({ type: 'done' });
  } catch (error) {
    // After `turn.failed` the SDK throws too (codex exits 1): the event already said why.
    if (turnEnded) await finish({ type: 'done' });
    else await finish({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/** CODEX_HOME with this run's config (0600: it may hold MCP servers' secrets) and skills. */
async function prepareHome(options: RunnerOptions): Promise<void> {
  await mkdir(options.codexHome, { recursive: true, mode: 0o700 });
  const configPath = join(options.codexHome, 'config.toml');
  await writeFile(configPath, options.configToml, { mode: 0o600 });
  await chmod(configPath, 0o600);
  const skillsDir = join(options.codexHome, 'skills');
  // Rebuilt every run: the agent's skills are what this run was given, nothing left over.
  await rm(skillsDir, { recursive: true, force: true });
  await mkdir(skillsDir, { recursive: true });
  for (const skill of options.skills) {
    if (safeSkillName.test(skill.name)) await symlink(skill.path, join(skillsDir, skill.name), 'dir');
  }
}

function send(message: RunnerMessage): void {
  if (!process.connected) return;
  try {
    process.send?.(message);
  } catch {
    // The host is gone; the disconnect handler ends the runner.
  }
}

/**
 * Sends the last message. The runner does not exit by itself: the host ends the whole
 * process tree next, while it can still find what the run left behind.
 */
async function finish(last: RunnerMessage): Promise<void> {
  send(last);
  setTimeout(() => process.exit(last.type === 'done' ? 0 : 1), orphanExitMs).unref();
}

function stop(code: number): void {
  abort.abort();
  setTimeout(() => process.exit(code), 300).unref();
}
