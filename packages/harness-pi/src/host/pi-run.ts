import type { ChildProcess } from 'node:child_process';
import { EventQueue, type HarnessEvent, unreachableProviderMessage } from '@lifeosai/events';
import {
  cancelOnEarlyExit,
  OutputTail,
  PermissionBroker,
  RunWatchdog,
  redactEvent,
  runSecrets,
} from '@lifeosai/harness-kit';
import type { LaunchedProcess, PermissionResponse, RunContext, RunHandle } from '@lifeosai/harness-spec';
import type { PiConfig } from '../shared/config.ts';

import { type RunnerMessage, runnerMessageSchema } from '../shared/ipc-protocol.ts';
import type { PiEvent } from '../shared/pi-events.ts';
import { PiEventNormalizer } from './normalizer.ts';

import { PlatformToolHost } from './platform-tool-host.ts';
import { providerSettings } from './provider-settings.ts';
import { runnerOptionsFor } from './runner-options.ts';
import { defaultRunner, launchRunner, type RunnerCommand, runnerEnvironment } from './runner-process.ts';
import { endingOf, type RunEnding, terminalEvents } from './terminal-events.ts';

/** Seams for tests; defaults start the real runner. */
export interface PiRunSeams {
  /** The runner program (default: `runner.ts` on the service's Node); started through the run's launcher. */
  readonly runner?: RunnerCommand;
}

/**
 * One Pi run, seen from the service: the RunHandle. It forks the runner, answers its
 * permission requests and platform tool calls, normalizes its Pi events, holds it to the
 * stall and run limits, and decides how the run ended — whichever comes first of Pi
 * finishing, the runner failing or dying, a watchdog, or a cancel. Every ending goes
 * through `#finish`, which ends the process tree before the terminal events are queued.
 */
class PiRun implements RunHandle {
  readonly #context: RunContext<PiConfig>;
  readonly #queue = new EventQueue<HarnessEvent>();
  readonly #startedAt = performance.now();
  readonly #stderr: OutputTail;
  readonly #toolSignal = new AbortController();
  readonly #secrets: string[];
  readonly #watchdog: RunWatchdog;
  readonly #broker: PermissionBroker;
  readonly #tools: PlatformToolHost;
  #child: ChildProcess | undefined;
  #launched: LaunchedProcess | undefined;
  #normalizer = new PiEventNormalizer();
  #sessionId: string | undefined;
  #ending: RunEnding | undefined;
  #finishing: Promise<void> | undefined;
  #detachSignal: () => void = () => undefined;
  /** Where Pi sends its model calls, named when the provider could not be reached. */
  #baseUrl: string | undefined;

  constructor(context: RunContext<PiConfig>, seams: PiRunSeams) {
    this.#context = context;
    this.#secrets = runSecrets(context.credentials);
    this.#stderr = new OutputTail(this.#secrets);
    this.#watchdog = new RunWatchdog(
      context.limits,
      (trip) =>
        this.#end({
          kind: 'failure',
          errorClass: trip,
          message:
            trip === 'timeout'
              ? `The run exceeded its time limit of ${context.limits.runTimeoutMs} ms.`
              : `Pi produced no output for ${context.limits.stallTimeoutMs} ms.`,
        }),
      context.timers,
    );
    // Startup (loading Pi, starting MCP servers, which `npx` may first download) is not a
    // silent model; the run limit bounds it. The stall clock starts at `ready`.
    this.#watchdog.hold();
    this.#watchdog.start();
    this.#broker = new PermissionBroker({
      policy: context.permissions,
      emit: (event) => this.#queue.push(event),
      onAsking: (asking) => (asking ? this.#watchdog.hold() : this.#watchdog.release()),
    });
    this.#tools = new PlatformToolHost(context.platformTools, this.#toolSignal.signal);
    this.events = cancelOnEarlyExit(this.#queue, (reason) => this.cancel(reason));
    this.#start(seams.runner ?? defaultRunner);
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

  #start(runner: RunnerCommand): void {
    const context = this.#context;
    if (context.signal.aborted) {
      void this.cancel(String(context.signal.reason ?? 'aborted before start'));
      return;
    }
    const onAbort = () => void this.cancel(String(context.signal.reason ?? ''));
    context.signal.addEventListener('abort', onAbort, { once: true });
    this.#detachSignal = () => context.signal.removeEventListener('abort', onAbort);
    const settings = providerSettings(context.config, context.credentials);
    this.#baseUrl = settings.baseUrl;
    if (settings.apiKey === undefined && !settings.keyOptional) {
      void this.#end({
        kind: 'failure',
        errorClass: 'auth',
        message: `No API key is configured for the ${settings.provider} provider.`,
      });
      return;
    }
    const env = runnerEnvironment({ dataDir: context.dataDir, extra: context.env, base: process.env });
    let child: ChildProcess;
    try {
      this.#launched = launchRunner(context.launcher, runner, context.cwd, env);
      child = this.#launched.child;
    } catch (error) {
      void this.#end({ kind: 'failure', errorClass: 'spawn_failed', message: spawnMessage(error) });
      return;
    }
    this.#child = child;
    child.stderr?.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    child.stdout?.resume();
    child.on('error', (error) => {
      if (child.pid === undefined) {
        void this.#end({ kind: 'failure', errorClass: 'spawn_failed', message: spawnMessage(error) });
      }
    });
    child.on('message', (raw) => this.#receive(raw));
    child.on('exit', (code, signal) =>
      this.#end({
        kind: 'failure',
        errorClass: 'process_exit',
        message: `The Pi runner exited (${signal ?? `code ${code}`}) before the run finished.`,
        stderrTail: this.#stderr.read(),
      }),
    );
    this.#send({ type: 'start', options: runnerOptionsFor(context, settings) });
  }

  #receive(raw: unknown): void {
    const parsed = runnerMessageSchema.safeParse(raw);
    if (!parsed.success || this.#finishing !== undefined) return;
    this.#watchdog.activity();
    const message: RunnerMessage = parsed.data;
    switch (message.type) {
      case 'ready':
        this.#watchdog.release();
        this.#sessionId = message.sessionId;
        this.#normalizer = new PiEventNormalizer({ sessionId: message.sessionId, model: message.model });
        this.#queue.push({
          type: 'system',
          subtype: 'init',
          model: message.model,
          tools: message.tools,
          cwd: this.#context.cwd,
          mcp_servers: message.mcpServers,
          permissionMode: this.#context.permissions.mode,
          skills: message.skills,
          harness_version: message.piVersion,
          native: { sessionId: message.sessionId },
        });
        return;
      case 'pi_event':
        this.#piEvent(message.event as PiEvent);
        return;
      case 'permission_request':
        void this.#broker
          .judge({ toolName: message.toolName, toolUseId: message.toolCallId, input: message.input })
          .then((verdict) => this.#send({ type: 'permission_decision', id: message.id, ...verdict }));
        return;
      case 'platform_tool_call':
        this.#watchdog.hold();
        void this.#tools.call(message.name, message.input, message.toolCallId).then((result) => {
          this.#watchdog.release();
          this.#send({
            type: 'platform_tool_result',
            id: message.id,
            content: [...result.content],
            isError: result.isError === true,
          });
        });
        return;
      case 'done':
        void this.#end(endingOf(this.#normalizer.summary()));
        return;
      case 'failed':
        void this.#end({ kind: 'failure', errorClass: message.errorClass, message: message.message });
        return;
    }
  }

  #piEvent(event: PiEvent): void {
    // A running tool is not a silent model: its time is bounded by the run limit instead.
    if (event.type === 'tool_execution_start') this.#watchdog.hold();
    if (event.type === 'tool_execution_end') this.#watchdog.release();
    for (const body of this.#normalizer.push(event)) this.#queue.push(body);
  }

  #send(message: unknown): void {
    const child = this.#child;
    if (child === undefined || !child.connected) return;
    child.send(message as object, (error) => {
      // A send fails only when the runner is gone; its exit decides the ending.
      if (error) this.#stderr.push(`\n[harness-pi] IPC send failed: ${error.message}\n`);
    });
  }

  /**
   * Decides the ending (the first caller wins) and finishes the run: stops the clocks and
   * open asks, ends the process tree, then queues the terminal events. Resolves once the
   * tree is gone and the result is queued; every caller gets the same promise.
   */
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
    this.#toolSignal.abort();
    await this.#launched?.stop();
    const ending = this.#withBaseUrl(this.#ending!);
    const native = this.#sessionId === undefined ? undefined : { sessionId: this.#sessionId };
    const durationMs = performance.now() - this.#startedAt;
    for (const event of terminalEvents(this.#normalizer.summary(), ending, { durationMs, native })) {
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

function spawnMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `The Pi runner process could not be started: ${detail}`;
}

/** Starts a Pi run; see `Harness.start`. */
export function startPiRun(context: RunContext<PiConfig>, seams: PiRunSeams = {}): RunHandle {
  return new PiRun(context, seams);
}
