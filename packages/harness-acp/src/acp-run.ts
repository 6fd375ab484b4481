import { Readable, Writable } from 'node:stream';
import type * as acp from '@agentclientprotocol/sdk/unstable';
import { EventQueue, type HarnessEvent } from '@lifeosai/events';
import {
  cancelOnEarlyExit,
  OutputTail,
  openPlatformToolBridge,
  PermissionBroker,
  type PlatformToolBridge,
  platformServerName,
  type RunFailure,
  RunWatchdog,
  redactEvent,
  runSecrets,
  type ToolCallToJudge,
  terminalEvents,
  UsageTally,
} from '@lifeosai/harness-kit';
import type { LaunchedProcess, PermissionResponse, RunContext, RunHandle } from '@lifeosai/harness-spec';
import { type AgentLaunch, planLaunch } from './agent-launch.ts';
import type { AcpConfig } from './config.ts';
import { openSession } from './open-session.ts';
import { permissionAnswer } from './permission-answer.ts';
import { presetProblem } from './preset-gate.ts';
import type { AcpPreset } from './presets/preset.ts';
import { describeError, runFailureOf, tripFailure, withTail } from './run-failures.ts';
import { AcpUpdateMapper } from './update-mapper.ts';
import { usageOf } from './usage.ts';

/** How long a closed connection waits for the agent's exit to be reported. */
const exitGraceMs = 1000;
/**
 * How long a finished turn lets the agent exit by itself once its stdin closed: agents save
 * the session on the way out (Claude Code its transcript), which the next turn resumes.
 */
const shutdownGraceMs = 3000;

/**
 * One run of an ACP agent, seen from the host: the ACP client runs here (it runs no code of
 * the agent's), the agent process runs in the run's sandbox through the launcher. Every
 * ending — the turn's answer, a failed request, the process dying, a watchdog, a cancel —
 * goes through `#end`, which stops the process tree before the terminal events are queued.
 */
class AcpRun implements RunHandle {
  readonly #context: RunContext<AcpConfig>;
  readonly #queue = new EventQueue<HarnessEvent>();
  readonly #startedAt = performance.now();
  readonly #secrets: string[];
  readonly #stderr: OutputTail;
  readonly #watchdog: RunWatchdog;
  readonly #broker: PermissionBroker;
  readonly #tally = new UsageTally();
  readonly #runSignal = new AbortController();
  #launch: AgentLaunch | undefined;
  #launched: LaunchedProcess | undefined;
  #bridge: PlatformToolBridge | undefined;
  #connection: acp.ClientContext | undefined;
  #sessionId: string | undefined;
  #mapper: AcpUpdateMapper | undefined;
  #replaying = false;
  #toolsHeld = false;
  #stopReason: string | undefined;
  #finishing: Promise<void> | undefined;
  #failure: RunFailure | undefined;
  #detachSignal: () => void = () => undefined;
  #exited: Promise<void> | undefined;

  readonly #presets: ReadonlyArray<AcpPreset>;

  readonly events: AsyncIterable<HarnessEvent>;

  constructor(context: RunContext<AcpConfig>, presets: ReadonlyArray<AcpPreset>) {
    this.#context = context;
    this.#presets = presets;
    this.#secrets = runSecrets(context.credentials);
    this.#stderr = new OutputTail(this.#secrets);
    this.#watchdog = new RunWatchdog(
      context.limits,
      (trip) => void this.#end(tripFailure(trip, context.limits)),
      context.timers,
    );
    // Starting the agent and its MCP servers is not a silent model: the run limit bounds it.
    this.#watchdog.hold();
    this.#watchdog.start();
    this.#broker = new PermissionBroker({
      policy: context.permissions,
      emit: (event) => this.#push(event),
      onAsking: (asking) => (asking ? this.#watchdog.hold() : this.#watchdog.release()),
    });
    this.events = cancelOnEarlyExit(this.#queue, (reason) => this.cancel(reason));
    void this.#start();
  }

  cancel(reason?: string): Promise<void> {
    const message = reason ? `The run was cancelled: ${reason}` : 'The run was cancelled.';
    return this.#end({ errorClass: 'cancelled', message });
  }

  respondToPermission(requestId: string, response: PermissionResponse): boolean {
    if (this.#finishing !== undefined) return false;
    return this.#broker.respond(requestId, response);
  }

  async #start(): Promise<void> {
    const context = this.#context;
    if (context.signal.aborted)
      return void this.cancel(String(context.signal.reason ?? 'aborted before start'));
    const onAbort = () => void this.cancel(String(context.signal.reason ?? ''));
    context.signal.addEventListener('abort', onAbort, { once: true });
    this.#detachSignal = () => context.signal.removeEventListener('abort', onAbort);
    const planned = planLaunch(context, this.#presets);
    if ('failure' in planned) return void this.#end(planned.failure);
    this.#launch = planned.launch;
    const problem =
      planned.launch.preset && (await presetProblem(planned.launch.preset, this.#runSignal.signal));
    if (problem) return void this.#end({ errorClass: 'spawn_failed', message: problem });
    if (this.#finishing !== undefined) return;
    try {
      if (context.platformTools.length > 0) {
        // An agent known to ask before MCP tools (`session/request_permission`) is not
        // asked about twice; for any other, the bridge applies the policy itself.
        const agentAsks = planned.launch.preset?.asksBeforeMcpTools === true;
        const bridge = await openPlatformToolBridge({
          directory: context.dataDir,
          tools: context.platformTools,
          ...(agentAsks ? {} : { judge: (call: ToolCallToJudge) => this.#broker.judge(call) }),
          onBusy: (busy) => (busy ? this.#watchdog.hold() : this.#watchdog.release()),
          signal: this.#runSignal.signal,
        });
        // Ended while the bridge opened: its abort listener came too late, so close it here.
        if (this.#finishing !== undefined) return void (await bridge.close());
        this.#bridge = bridge;
      }
      // The ACP SDK loads with the first ACP run, not with the platform (ADR 0026).
      const sdk = await import('@agentclientprotocol/sdk/unstable');
      if (this.#finishing !== undefined) return;
      this.#spawn(planned.launch, sdk);
    } catch (error) {
      void this.#end({
        errorClass: 'spawn_failed',
        message: `The agent could not be started: ${describeError(error)}`,
      });
    }
  }

  #spawn(launch: AgentLaunch, sdk: typeof acp): void {
    const launched = this.#context.launcher.spawn({
      command: launch.command,
      args: launch.args,
      cwd: this.#context.cwd,
      env: launch.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#launched = launched;
    const child = launched.child;
    child.stderr?.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    child.on('error', (error) => {
      if (child.pid === undefined) {
        void this.#end({
          errorClass: 'spawn_failed',
          message: `The agent could not be started: ${error.message}`,
        });
      }
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#exited = exited;
    child.on('exit', (code, signal) =>
      this.#end({
        errorClass: 'process_exit',
        message: `The agent exited (${signal ?? `code ${code}`}) before the turn finished.`,
        ...withTail(this.#stderr.read()),
      }),
    );
    // A write after the agent exited is an EPIPE its `exit` already reports.
    child.stdin?.on('error', () => undefined);
    const stream = sdk.ndJsonStream(
      Writable.toWeb(child.stdin!) as WritableStream<Uint8Array>,
      Readable.toWeb(child.stdout!) as ReadableStream<Uint8Array>,
    );
    sdk
      .client({ name: 'lifeosai' })
      .onRequest('session/request_permission', ({ params }) => this.#askPermission(params))
      // Synchronous on purpose: handlers start in arrival order, so updates apply in order.
      // An update kind newer than this SDK fails its schema there and is dropped (logged by
      // the SDK without its payload): it never reaches the mapper and never fails the run.
      .onNotification('session/update', ({ params }) => this.#update(params))
      .connectWith(stream, (connection) => this.#converse(connection))
      .then(
        (failure) => this.#end(failure),
        (error: unknown) => this.#conversationFailed(error, exited),
      );
  }

  /** The ACP conversation: open the session, run the turn; resolves with how it ended. */
  async #converse(connection: acp.ClientContext): Promise<RunFailure | undefined> {
    this.#connection = connection;
    const context = this.#context;
    const launch = this.#launch!;
    const session = await openSession(connection, {
      context,
      ...(this.#bridge ? { platformServer: { name: platformServerName, config: this.#bridge.server } } : {}),
      ...(launch.preset?.askModeId === undefined ? {} : { askModeId: launch.preset.askModeId }),
      replaying: (replaying) => {
        this.#replaying = replaying;
      },
    });
    this.#sessionId = session.sessionId;
    const toolName = launch.preset?.toolName?.bind(launch.preset);
    this.#mapper = new AcpUpdateMapper({
      sessionId: session.sessionId,
      model: launch.model,
      ...(toolName ? { toolName } : {}),
    });
    this.#push({
      type: 'system',
      subtype: 'init',
      model: launch.model,
      tools: [],
      cwd: context.cwd,
      mcp_servers: [...session.mcpServers],
      permissionMode: context.permissions.mode,
      ...(session.agentVersion ? { harness_version: session.agentVersion } : {}),
      native: { sessionId: session.sessionId },
    });
    this.#watchdog.release();
    const response = await connection.request('session/prompt', {
      sessionId: session.sessionId,
      prompt: session.prompt,
    });
    for (const event of this.#mapper.finish()) this.#push(event);
    const usage = usageOf(response.usage, response._meta);
    if (usage !== undefined) {
      this.#tally.add(launch.model, usage);
      this.#push({ type: 'usage', model: launch.model, usage });
    }
    this.#stopReason = response.stopReason;
    if (response.stopReason === 'cancelled')
      return { errorClass: 'cancelled', message: 'The agent cancelled the turn.' };
    if (response.stopReason === 'refusal')
      return { errorClass: 'invalid_request', message: 'The model refused the request.' };
    return undefined;
  }

  #update(notification: acp.SessionNotification): void {
    const mapper = this.#mapper;
    if (this.#finishing !== undefined || this.#replaying || notification.sessionId !== this.#sessionId)
      return;
    if (mapper === undefined) return;
    this.#watchdog.activity();
    let events: HarnessEvent[] = [];
    try {
      events = mapper.push(notification.update);
    } catch {
      // A malformed update of a known kind is dropped like an unknown one: it never fails the run.
    }
    for (const event of events) this.#push(event);
    // A running tool is not a silent model: its time is bounded by the run limit instead.
    const toolsRunning = mapper.runningTools() > 0;
    if (toolsRunning !== this.#toolsHeld) {
      this.#toolsHeld = toolsRunning;
      if (toolsRunning) this.#watchdog.hold();
      else this.#watchdog.release();
    }
  }

  async #askPermission(params: acp.RequestPermissionRequest): Promise<acp.RequestPermissionResponse> {
    const mapper = this.#mapper;
    if (this.#finishing !== undefined || mapper === undefined) return { outcome: { outcome: 'cancelled' } };
    const asked = mapper.permissionAsked(params.toolCall);
    for (const event of asked.events) this.#push(event);
    const verdict = await this.#broker.judge({
      toolName: asked.name,
      toolUseId: params.toolCall.toolCallId,
      input: asked.input,
    });
    if (!verdict.allow) {
      const refusal = verdict.message ?? `The call to ${asked.name} was refused.`;
      for (const event of mapper.refused(params.toolCall.toolCallId, refusal)) this.#push(event);
    }
    return permissionAnswer(params.options, verdict.allow);
  }

  /**
   * A failed request ends the run with its class, except when the connection closed because
   * the agent died: its exit (which follows the closed pipe within moments) then says so.
   */
  async #conversationFailed(error: unknown, exited: Promise<void>): Promise<void> {
    if (error instanceof Error && error.message === 'ACP connection closed') {
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, exitGraceMs))]);
    }
    await this.#end(runFailureOf(error, { baseUrl: this.#launch?.baseUrl, stderrTail: this.#stderr.read() }));
  }

  #push(event: HarnessEvent): void {
    if (this.#finishing !== undefined && event.type !== 'result' && event.type !== 'error') return;
    // An agent's error text or a tool's output may quote the key it was given.
    this.#queue.push(redactEvent(event, this.#secrets));
  }

  /** After a successful turn: end the agent's stdin and give it a moment to save and exit. */
  async #letAgentExit(): Promise<void> {
    const exited = this.#exited;
    const child = this.#launched?.child;
    if (exited === undefined || child === undefined || child.exitCode !== null || child.signalCode !== null)
      return;
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, shutdownGraceMs)))]);
    clearTimeout(timer);
  }

  /** Decides the ending (the first caller wins) and finishes; every caller gets the same promise. */
  #end(failure: RunFailure | undefined): Promise<void> {
    if (this.#finishing !== undefined) return this.#finishing;
    this.#failure = failure;
    this.#finishing = this.#finish();
    return this.#finishing;
  }

  async #finish(): Promise<void> {
    this.#detachSignal();
    this.#watchdog.stop();
    this.#broker.close();
    const sessionId = this.#sessionId;
    if (this.#failure !== undefined && sessionId !== undefined) {
      // Polite first: the agent may stop its model call and tools itself; the stop follows anyway.
      this.#connection?.notify('session/cancel', { sessionId }).catch(() => undefined);
    }
    this.#runSignal.abort();
    if (this.#failure === undefined) await this.#letAgentExit();
    await Promise.all([this.#launched?.stop(), this.#bridge?.close()]);
    const summary = this.#mapper?.summary() ?? { numTurns: 0 };
    const figures = {
      ...this.#tally.totals(),
      numTurns: summary.numTurns,
      durationMs: performance.now() - this.#startedAt,
      ...(summary.resultText === undefined ? {} : { resultText: summary.resultText }),
      ...(this.#stopReason === undefined ? {} : { stopReason: this.#stopReason }),
      ...(sessionId === undefined ? {} : { native: { sessionId } }),
    };
    for (const event of terminalEvents(this.#failure, figures))
      this.#queue.push(redactEvent(event, this.#secrets));
    this.#queue.close();
  }
}

/** Starts an ACP run; see `Harness.start`. */
export function startAcpRun(context: RunContext<AcpConfig>, presets: ReadonlyArray<AcpPreset>): RunHandle {
  return new AcpRun(context, presets);
}
