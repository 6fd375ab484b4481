import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { providerFacts } from '@lifeosai/config/providers';
import { EventQueue, type HarnessEvent, type NativeIds, unreachableProviderMessage } from '@lifeosai/events';
import {
  OutputTail,
  openPlatformToolBridge,
  PermissionBroker,
  platformServerName,
  RunWatchdog,
  redactEvent,
  runSecrets,
  terminalEvents,
  UsageTally,
} from '@lifeosai/harness-kit';
import type { LaunchedProcess, PermissionResponse, RunContext, RunHandle } from '@lifeosai/harness-spec';
import type { ThreadEvent } from '@openai/codex-sdk';
import type { CodexConfig } from '../shared/config.ts';
import { type RunnerMessage, runnerMessageSchema } from '../shared/ipc-protocol.ts';
import { classifyCodexError } from './classify-error.ts';
import { apiKeyVariable, type CodexConfigInput, codexConfigToml } from './codex-config.ts';
import { CodexEventMapper } from './event-mapper.ts';
import { defaultCodexModel } from './metadata.ts';
import { openPermissionGate } from './permission-gate.ts';
import { type RunEnding, runEnding } from './run-ending.ts';
import { defaultRunner, launchRunner, type RunnerCommand } from './runner-process.ts';
import { systemInit } from './system-init.ts';

/** Seams for tests; the defaults start the real runner. */
export interface CodexRunSeams {
  /** The runner program, started through the run's launcher. */
  readonly runner?: RunnerCommand;
}

/**
 * One Codex run, seen from the service: the RunHandle. It opens the platform tool bridge and
 * the permission gate, starts the runner in the run's sandbox, maps Codex's events, holds the
 * run to its stall and time limits, and decides how it ended — whichever comes first of Codex
 * finishing, the runner failing or dying, a watchdog, or a cancel. Every ending goes through
 * `#finish`, which ends the process tree before the terminal events are queued.
 */
class CodexRun implements RunHandle {
  readonly #context: RunContext<CodexConfig>;
  readonly #queue = new EventQueue<HarnessEvent>();
  readonly #startedAt = performance.now();
  readonly #secrets: string[];
  readonly #stderr: OutputTail;
  readonly #watchdog: RunWatchdog;
  readonly #broker: PermissionBroker;
  /** Aborts when the run ends: tool handlers, the bridge and the gate close with it. */
  readonly #ended = new AbortController();
  readonly #model: string;
  readonly #baseUrl: string;
  readonly #mapper: CodexEventMapper;
  readonly #closers: Array<() => Promise<void>> = [];
  /** Tool items Codex started and has not completed: the stall clock is held for each. */
  readonly #toolsRunning = new Set<string>();
  #launched: LaunchedProcess | undefined;
  #child: ChildProcess | undefined;
  #threadId: string | undefined;
  #heldForStartup = true;
  #ending: RunEnding | undefined;
  #finishing: Promise<void> | undefined;
  #detachSignal: () => void = () => undefined;

  constructor(context: RunContext<CodexConfig>, seams: CodexRunSeams) {
    this.#context = context;
    this.#secrets = runSecrets(context.credentials);
    this.#stderr = new OutputTail(this.#secrets);
    this.#model = context.config.model ?? defaultCodexModel;
    this.#baseUrl = (context.credentials.openai?.baseUrl ?? providerFacts.openai.defaultBaseUrl).replace(
      /\/+$/,
      '',
    );
    this.#mapper = new CodexEventMapper({ runId: context.runId, model: this.#model });
    this.#watchdog = new RunWatchdog(context.limits, (trip) => this.#tripped(trip), context.timers);
    // Startup (Node, Codex, its MCP servers) is not a silent model; the run limit bounds it.
    this.#watchdog.hold();
    this.#watchdog.start();
    this.#broker = new PermissionBroker({
      policy: context.permissions,
      emit: (event) => this.#queue.push(event),
      onAsking: (asking) => (asking ? this.#watchdog.hold() : this.#watchdog.release()),
    });
    this.events = this.#iterate();
    void this.#start(seams.runner ?? defaultRunner);
  }

  readonly events: AsyncIterable<HarnessEvent>;

  cancel(reason?: string): Promise<void> {
    return this.#end({
      kind: 'failure',
      errorClass: 'cancelled',
      message: reason ? `The run was cancelled: ${reason}` : 'The run was cancelled.',
    });
  }

  respondToPermission(requestId: string, response: PermissionResponse): boolean {
    if (this.#finishing !== undefined) return false;
    return this.#broker.respond(requestId, response);
  }

  async *#iterate(): AsyncGenerator<HarnessEvent> {
    let drained = false;
    try {
      yield* this.#queue;
      drained = true;
    } finally {
      // Breaking out of the loop early cancels the run (and waits for its tree to be gone).
      if (!drained) await this.cancel('the consumer stopped reading events');
    }
  }

  async #start(runner: RunnerCommand): Promise<void> {
    const context = this.#context;
    if (context.signal.aborted) {
      void this.cancel(String(context.signal.reason ?? 'aborted before start'));
      return;
    }
    const onAbort = () => void this.cancel(String(context.signal.reason ?? ''));
    context.signal.addEventListener('abort', onAbort, { once: true });
    this.#detachSignal = () => context.signal.removeEventListener('abort', onAbort);
    const apiKey = context.credentials.openai?.apiKey;
    if (!apiKey) {
      void this.#end({
        kind: 'failure',
        errorClass: 'auth',
        message: 'No API key is configured for the openai provider.',
      });
      return;
    }
    let configToml: string;
    let trustHooks = false;
    try {
      const tools = await this.#openTools();
      trustHooks = tools.hookCommand !== undefined;
      configToml = codexConfigToml(context, { baseUrl: this.#baseUrl, model: this.#model, ...tools });
    } catch (error) {
      void this.#end({ kind: 'failure', errorClass: 'spawn_failed', message: startMessage(error) });
      return;
    }
    if (this.#finishing !== undefined) return;
    try {
      this.#launched = launchRunner(context.launcher, runner, {
        cwd: context.cwd,
        dataDir: context.dataDir,
        extra: context.env,
      });
    } catch (error) {
      void this.#end({ kind: 'failure', errorClass: 'spawn_failed', message: startMessage(error) });
      return;
    }
    const child = this.#launched.child;
    this.#child = child;
    child.stderr?.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    child.stdout?.resume();
    child.on('error', (error) => {
      if (child.pid === undefined) {
        void this.#end({ kind: 'failure', errorClass: 'spawn_failed', message: startMessage(error) });
      }
    });
    child.on('message', (raw) => this.#receive(raw));
    child.on('exit', (code, signal) =>
      this.#end({
        kind: 'failure',
        errorClass: 'process_exit',
        message: `The Codex runner exited (${signal ?? `code ${code}`}) before the run finished.`,
        stderrTail: this.#stderr.read(),
      }),
    );
    this.#send({
      type: 'start',
      options: {
        codexHome: join(context.dataDir, 'codex'),
        configToml,
        apiKey,
        apiKeyVariable,
        model: this.#model,
        ...(context.config.reasoningEffort === undefined
          ? {}
          : { reasoningEffort: context.config.reasoningEffort }),
        cwd: context.cwd,
        prompt: context.prompt,
        trustHooks,
        ...(context.session.kind === 'resume' ? { threadId: context.session.nativeSessionId } : {}),
        skills: context.skills.map(({ name, path }) => ({ name, path })),
      },
    });
  }

  /**
   * The platform tool bridge (when the run has platform tools) and the permission gate (when
   * the policy does not simply allow everything), both judged by the run's broker.
   */
  async #openTools(): Promise<Pick<CodexConfigInput, 'platformServer' | 'hookCommand'>> {
    const context = this.#context;
    const judge = this.#broker.judge.bind(this.#broker);
    const tools: { -readonly [Key in 'platformServer' | 'hookCommand']?: CodexConfigInput[Key] } = {};
    if (context.platformTools.length > 0) {
      const bridge = await openPlatformToolBridge({
        directory: context.dataDir,
        tools: context.platformTools,
        judge,
        onBusy: (busy) => (busy ? this.#watchdog.hold() : this.#watchdog.release()),
        signal: this.#ended.signal,
      });
      this.#closers.push(() => bridge.close());
      tools.platformServer = { name: platformServerName, config: bridge.server };
    }
    const { mode, rules } = context.permissions;
    if (mode !== 'allow' || rules.some((rule) => rule.behavior !== 'allow')) {
      const gate = await openPermissionGate({
        directory: context.dataDir,
        judge,
        signal: this.#ended.signal,
      });
      this.#closers.push(() => gate.close());
      tools.hookCommand = gate.command;
    }
    return tools;
  }

  #receive(raw: unknown): void {
    const parsed = runnerMessageSchema.safeParse(raw);
    if (!parsed.success || this.#finishing !== undefined) return;
    this.#watchdog.activity();
    const message: RunnerMessage = parsed.data;
    switch (message.type) {
      case 'codex_event':
        this.#codexEvent(message.event as unknown as ThreadEvent);
        return;
      case 'done':
        void this.#end(runEnding(this.#mapper.summary()));
        return;
      case 'failed':
        void this.#end({
          kind: 'failure',
          errorClass: 'process_exit',
          message: `Codex did not finish its turn: ${message.message}`,
          stderrTail: this.#stderr.read(),
        });
        return;
    }
  }

  #codexEvent(event: ThreadEvent): void {
    if (event.type === 'thread.started') {
      this.#threadId = event.thread_id;
      this.#queue.push(systemInit(this.#context, { model: this.#model, threadId: event.thread_id }));
      return;
    }
    if (event.type === 'turn.started' && this.#heldForStartup) {
      this.#heldForStartup = false;
      this.#watchdog.release();
    }
    // A running tool is not a silent model: its time is bounded by the run limit instead.
    if (event.type === 'item.started' && isTool(event.item.type) && !this.#toolsRunning.has(event.item.id)) {
      this.#toolsRunning.add(event.item.id);
      this.#watchdog.hold();
    }
    if (event.type === 'item.completed' && this.#toolsRunning.delete(event.item.id)) this.#watchdog.release();
    for (const body of this.#mapper.push(event)) this.#queue.push(redactEvent(body, this.#secrets));
    const summary = this.#mapper.summary();
    // Codex keeps reconnecting past its own retry count while the provider is unreachable:
    // past the agent's `maxRetries`, the run ends with the reason.
    if (summary.reconnects > this.#context.config.maxRetries && summary.lastReconnect !== undefined) {
      void this.#end({
        kind: 'failure',
        errorClass: classifyCodexError(summary.lastReconnect),
        message: summary.lastReconnect,
      });
    }
  }

  #tripped(trip: 'stall_timeout' | 'timeout'): void {
    void this.#end({
      kind: 'failure',
      errorClass: trip,
      message:
        trip === 'timeout'
          ? `The run exceeded its time limit of ${this.#context.limits.runTimeoutMs} ms.`
          : `Codex produced no output for ${this.#context.limits.stallTimeoutMs} ms.`,
    });
  }

  #send(message: unknown): void {
    const child = this.#child;
    if (child === undefined || !child.connected) return;
    child.send(message as object, (error) => {
      // A send fails only when the runner is gone; its exit decides the ending.
      if (error) this.#stderr.push(`\n[harness-codex] IPC send failed: ${error.message}\n`);
    });
  }

  /** Decides the ending (the first caller wins) and finishes the run; every caller gets the same promise. */
  #end(ending: RunEnding): Promise<void> {
    if (this.#finishing !== undefined) return this.#finishing;
    this.#ending = ending;
    this.#finishing = this.#finish();
    return this.#finishing;
  }

  async #finish(): Promise<void> {
    this.#detachSignal();
    this.#watchdog.stop();
    this.#broker.close();
    this.#ended.abort();
    await Promise.all([this.#launched?.stop(), ...this.#closers.map((close) => close())]);
    const ending = this.#withBaseUrl(this.#ending!);
    const native: NativeIds | undefined =
      this.#threadId === undefined ? undefined : { sessionId: this.#threadId };
    const summary = this.#mapper.summary();
    const tally = new UsageTally();
    for (const usage of summary.usage) tally.add(this.#model, usage);
    const figures = {
      ...tally.totals(),
      numTurns: summary.numTurns,
      durationMs: performance.now() - this.#startedAt,
      ...(summary.resultText === undefined ? {} : { resultText: summary.resultText }),
      stopReason: ending.kind === 'success' ? 'end_turn' : null,
      ...(native === undefined ? {} : { native }),
    };
    for (const event of terminalEvents(ending.kind === 'success' ? undefined : ending, figures)) {
      // A provider's error text may quote the key it was sent.
      this.#queue.push(redactEvent(event, this.#secrets));
    }
    this.#queue.close();
  }

  /** The ending, naming the base URL when the provider could not be reached. */
  #withBaseUrl(ending: RunEnding): RunEnding {
    if (ending.kind === 'success' || ending.errorClass !== 'provider_unreachable') return ending;
    return { ...ending, message: unreachableProviderMessage(ending.message, this.#baseUrl) };
  }
}

const toolItems: ReadonlySet<string> = new Set([
  'command_execution',
  'file_change',
  'mcp_tool_call',
  'web_search',
]);

function isTool(type: string): boolean {
  return toolItems.has(type);
}

function startMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `The Codex runner could not be started: ${detail}`;
}

/** Starts a Codex run; see `Harness.start`. */
export function startCodexRun(context: RunContext<CodexConfig>, seams: CodexRunSeams = {}): RunHandle {
  return new CodexRun(context, seams);
}
