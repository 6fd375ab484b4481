import type { ParentMessage, RunnerMessage } from '../shared/ipc-protocol.ts';

type Reply = Extract<ParentMessage, { type: 'permission_decision' | 'platform_tool_result' }>;
type Request = Extract<RunnerMessage, { type: 'permission_request' | 'platform_tool_call' }>;

/**
 * The runner's end of the IPC channel. Every outgoing message is sent from a microtask, in
 * call order: Pi persists a message's session entry right after notifying listeners, so a
 * `message_end` built one microtask later can carry its entry id, and nothing sent after it
 * (a permission request for the tool it calls) may overtake it.
 */
export class RunnerChannel {
  readonly #waiting = new Map<string, (reply: Reply) => void>();
  #nextId = 0;

  /** Sends the message `build` returns, after the current synchronous work. Never throws. */
  send(build: () => RunnerMessage | undefined): void {
    queueMicrotask(() => {
      const message = build();
      if (message === undefined || !process.connected) return;
      try {
        process.send?.(message);
      } catch {
        // The parent is gone; the disconnect handler ends the runner.
      }
    });
  }

  /** Resolves once every message sent so far has been handed to the channel. */
  flushed(): Promise<void> {
    return new Promise((resolve) => queueMicrotask(resolve));
  }

  /** Sends a request and resolves with the parent's reply. Rejects when `signal` aborts. */
  request<Kind extends Request['type']>(
    request: Omit<Extract<Request, { type: Kind }>, 'id'>,
    signal?: AbortSignal,
  ): Promise<Reply> {
    const id = `r${++this.#nextId}`;
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => {
        this.#waiting.delete(id);
        reject(new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(id, (reply) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(reply);
      });
      this.send(() => ({ ...request, id }) as unknown as RunnerMessage);
    });
  }

  /** Routes a reply from the parent to its request; unknown ids are ignored. */
  receive(reply: Reply): void {
    const resolve = this.#waiting.get(reply.id);
    this.#waiting.delete(reply.id);
    resolve?.(reply);
  }
}
