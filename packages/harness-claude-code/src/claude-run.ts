import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Query, SDKMessage, SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { EventQueue, type HarnessEvent } from '@lifeosai/events';
import { OutputTail, type RunFailure, RunWatchdog, redactEvent, runSecrets } from '@lifeosai/harness-kit';
import type { PermissionResponse, RunContext, RunHandle } from '@lifeosai/harness-spec';
import type { ClaudeCodeConfig } from './config.ts';
import { assistantErrorOf, mapSdkMessage } from './map-sdk-message.ts';
import { PermissionGate } from './permissions.ts';
import { prepareRun } from './prepare-run.ts';
import { ClaudeProcess } from './process-watch.ts';
import { completedRunEvents, crashFailure, failedRunEvents, unexpectedFailure } from './run-outcome.ts';
import type { SessionTotals } from './session-costs.ts';
import { planSession, type SessionPlan } from './session-options.ts';
import { UsageTracker } from './usage-tracker.ts';

/** What a run needs from the harness object. */
export interface RunDependencies {
  readonly harnessId: string;
  /** The Claude Code binary; undefined when none is installed. */
  readonly executablePath: string | undefined;
}

/** After Claude Code's result, how long the CLI gets to exit on its own before it is stopped. */
const EXIT_AFTER_RESULT_MS = 2000;

/**
 * Starts one run. Validates the session kind synchronously (a programmer error throws);
 * everything else happens as the events are read and fails as events.
 */
export function startClaudeRun(ctx: RunContext<ClaudeCodeConfig>, deps: RunDependencies): RunHandle {
  const run = new ClaudeRun(ctx, deps, planSession(ctx.session, deps.harnessId));
  return {
    events: run.events(),
    cancel: (reason) => run.cancel(reason),
    respondToPermission: (requestId, response) => run.respond(requestId, response),
  };
}

/**
 * One run, in stages: prepare (directories, skills, MCP, options) → execute (read the SDK's
 * messages, mapping each to events) → finalize (make sure the process tree is gone, then one
 * `error` if it failed and exactly one `result`). Cancel, the run's signal, the stall
 * watchdog and the run timeout all end it the same way: `#terminate` records why (first
 * reason wins), stops reading and stops the process tree.
 */
class ClaudeRun {
  readonly #ctx: RunContext<ClaudeCodeConfig>;
  readonly #deps: RunDependencies;
  readonly #session: SessionPlan;
  readonly #channel = new EventQueue<HarnessEvent>();
  readonly #secrets: string[];
  readonly #stderr: OutputTail;
  readonly #process: ClaudeProcess;
  readonly #abort = new AbortController();
  readonly #usage = new UsageTracker();
  readonly #gate: PermissionGate;
  readonly #watchdog: RunWatchdog;
  readonly #startedAt = performance.now();
  readonly #stopReading: Promise<'stop'>;
  #resolveStopReading: (value: 'stop') => void = () => undefined;
  #termination: RunFailure | undefined;
  #stopping: Promise<void> | undefined;
  #sdkResult: SDKResultMessage | undefined;
  #assistantError: string | undefined;
  #sessionId: string | undefined;
  #crash: unknown;
  #query: Query | undefined;
  #previousTotals: SessionTotals = {};
  #finished = false;
  readonly #onSignal = (): void => void this.cancel('the run signal was aborted');

  constructor(ctx: RunContext<ClaudeCodeConfig>, deps: RunDependencies, session: SessionPlan) {
    this.#ctx = ctx;
    this.#deps = deps;
    this.#session = session;
    this.#secrets = runSecrets(ctx.credentials);
    this.#stderr = new OutputTail(this.#secrets);
    this.#process = new ClaudeProcess(ctx.launcher, this.#stderr);
    this.#stopReading = new Promise((resolve) => {
      this.#resolveStopReading = resolve;
    });
    this.#watchdog = new RunWatchdog(
      ctx.limits,
      (trip) => {
        void this.#terminate(
          trip === 'timeout'
            ? {
                errorClass: 'timeout',
                message: `The run took longer than its limit of ${ctx.limits.runTimeoutMs} ms and was stopped.`,
              }
            : {
                errorClass: 'stall_timeout',
                message: `Claude Code sent nothing for ${ctx.limits.stallTimeoutMs} ms; the run was stopped.`,
              },
        );
      },
      ctx.timers,
    );
    // Preparing the run (directories, skills, MCP servers) is not a silent model: the run
    // limit bounds it, and the silence clock starts with the query.
    this.#watchdog.hold();
    this.#gate = new PermissionGate(ctx.permissions, {
      emit: (event) => this.#emit(event),
      waiting: (isWaiting) => (isWaiting ? this.#watchdog.hold() : this.#watchdog.release()),
    });
    ctx.signal.addEventListener('abort', this.#onSignal, { once: true });
    if (ctx.signal.aborted) this.#onSignal();
  }

  async *events(): AsyncGenerator<HarnessEvent> {
    const driving = this.#drive();
    let drained = false;
    try {
      for await (const event of this.#channel) yield event;
      drained = true;
    } finally {
      // Breaking out of the loop early cancels the run (the RunHandle contract).
      if (!drained) await this.cancel('the consumer stopped reading events');
      await driving;
    }
  }

  cancel(reason?: string): Promise<void> {
    return this.#terminate({
      errorClass: 'cancelled',
      message: reason ? `The run was cancelled: ${reason}` : 'The run was cancelled.',
    });
  }

  respond(requestId: string, response: PermissionResponse): boolean {
    return this.#gate.respond(requestId, response);
  }

  /** Ends the run early for `failure`, unless it already ended; resolves once the process tree is gone. */
  #terminate(failure: RunFailure): Promise<void> {
    if (!this.#termination && !this.#sdkResult && !this.#finished) {
      this.#termination = failure;
      this.#resolveStopReading('stop');
      this.#gate.end();
      this.#abort.abort();
    }
    this.#stopping ??= this.#process.stop();
    return this.#stopping;
  }

  #emit(event: HarnessEvent): void {
    if (!this.#finished) this.#channel.push(redactEvent(event, this.#secrets));
  }

  async #drive(): Promise<void> {
    this.#watchdog.start();
    const runDir = join(this.#ctx.dataDir, 'claude-code', 'runs', this.#ctx.runId.replace(/[^\w-]/g, '_'));
    try {
      if (this.#termination) return;
      const sdkQuery = await this.#prepare(runDir);
      if (sdkQuery) await this.#read(sdkQuery);
    } catch (error) {
      this.#crash = error;
    } finally {
      await this.#finalize(runDir);
    }
  }

  /** Stage 1: everything the CLI needs (see `prepareRun`); undefined when cancelled meanwhile. */
  async #prepare(runDir: string): Promise<Query | undefined> {
    const prepared = await prepareRun({
      ctx: this.#ctx,
      session: this.#session,
      executablePath: this.#deps.executablePath,
      runDir,
      spawn: this.#process.spawn,
      abortController: this.#abort,
      gate: this.#gate,
      watchdog: this.#watchdog,
    });
    if (this.#termination) return undefined;
    this.#previousTotals = prepared.previousTotals;
    this.#watchdog.release();
    // The SDK loads with the first run: an idle Agent API never holds it (ADR 0026, ~30 MB).
    const { query } = await import('@anthropic-ai/claude-agent-sdk');
    if (this.#termination) return undefined;
    this.#query = query({ prompt: prepared.prompt, options: prepared.options });
    return this.#query;
  }

  /** Stage 2: read the SDK's messages until the result, the end, or a termination. */
  async #read(sdkQuery: Query): Promise<void> {
    const iterator = sdkQuery[Symbol.asyncIterator]();
    let lingering: NodeJS.Timeout | undefined;
    try {
      while (true) {
        // Racing the stop signal: after a cancel or stall the SDK may take seconds to notice.
        const next = await Promise.race([iterator.next(), this.#stopReading]);
        if (next === 'stop' || next.done) return;
        this.#watchdog.activity();
        this.#handle(next.value);
        if (this.#sdkResult && !lingering) {
          // The CLI exits by itself after its result; do not wait on it forever.
          lingering = setTimeout(() => this.#resolveStopReading('stop'), EXIT_AFTER_RESULT_MS);
        }
      }
    } catch (error) {
      // The SDK throws after an error result ("Claude Code returned an error result"); the
      // result itself already says what happened. Any other throw is a crash.
      if (!this.#sdkResult && !this.#termination) this.#crash = error;
    } finally {
      clearTimeout(lingering);
    }
  }

  #handle(message: SDKMessage): void {
    if (message.type === 'result') {
      this.#sdkResult ??= message;
      return;
    }
    if (message.type === 'system' && message.subtype === 'init') this.#sessionId = message.session_id;
    this.#assistantError = assistantErrorOf(message) ?? this.#assistantError;
    for (const event of mapSdkMessage(message, this.#usage)) this.#emit(event);
  }

  /** Stage 3: the process tree gone, then the terminal events; the stream always ends. */
  async #finalize(runDir: string): Promise<void> {
    let terminal: HarnessEvent[];
    try {
      await this.#cleanUp(runDir);
      terminal = await this.#terminalEvents();
    } catch (error) {
      terminal = this.#failed(unexpectedFailure(error));
    }
    for (const event of terminal) this.#emit(event);
    this.#finished = true;
    this.#channel.close();
  }

  async #cleanUp(runDir: string): Promise<void> {
    this.#watchdog.stop();
    this.#gate.end();
    this.#ctx.signal.removeEventListener('abort', this.#onSignal);
    if (this.#sdkResult && !this.#termination) {
      await Promise.race([
        this.#process.exited(),
        new Promise((resolve) => setTimeout(resolve, EXIT_AFTER_RESULT_MS)),
      ]);
    }
    // Only now: closing earlier could kill a CLI still writing its transcript.
    this.#query?.close();
    await this.#stopping;
    // Again even after a termination: it also clears what the agent left running.
    await this.#process.stop();
    this.#abort.abort();
    await rm(runDir, { recursive: true, force: true }).catch(() => undefined);
  }

  async #terminalEvents(): Promise<HarnessEvent[]> {
    if (!this.#sdkResult) {
      return this.#failed(
        this.#termination ??
          crashFailure({
            started: this.#query !== undefined,
            spawnError: this.#process.spawnError,
            thrown: this.#crash,
            stderrTail: this.#stderr.read(),
          }),
      );
    }
    return completedRunEvents({
      result: this.#sdkResult,
      assistantError: this.#assistantError,
      previousTotals: this.#previousTotals,
      dataDir: this.#ctx.dataDir,
      durationMs: this.#elapsedMs(),
      ...(this.#ctx.credentials.anthropic?.baseUrl && { baseUrl: this.#ctx.credentials.anthropic.baseUrl }),
    });
  }

  #failed(failure: RunFailure): HarnessEvent[] {
    return failedRunEvents(failure, this.#usage, this.#elapsedMs(), this.#sessionId);
  }

  #elapsedMs(): number {
    return Math.round(performance.now() - this.#startedAt);
  }
}
