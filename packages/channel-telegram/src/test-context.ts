import type { ChannelContext, ChannelStatusUpdate, InboundMessage } from '@lifeosai/channel-spec';

/** What a test context recorded: statuses, log lines (as JSON text), journaled messages. */
export interface RecordingContext extends ChannelContext {
  statuses: ChannelStatusUpdate[];
  logLines: string[];
  inbound: InboundMessage[];
  /** How onInbound answers: resolve (journaled) or reject (journal failed). */
  journal: (messages: InboundMessage[]) => Promise<void>;
  controller: AbortController;
}

/** A ChannelContext for tests: records what the connection reports, journals in memory. */
export function recordingContext(
  botToken: string,
  transport: ChannelContext['transport'] = { kind: 'poll' },
): RecordingContext {
  const controller = new AbortController();
  const logLines: string[] = [];
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
    logLines.push(JSON.stringify({ level, ...fields, message }));
  };
  const context: RecordingContext = {
    connectionId: 'connection-1',
    credentials: { botToken },
    state: {
      get: async () => ({}),
      set: async () => undefined,
      clear: async () => undefined,
    },
    transport,
    statuses: [],
    logLines,
    inbound: [],
    controller,
    journal: async (messages) => {
      context.inbound.push(...messages);
    },
    onInbound: (messages) => context.journal(messages),
    onStatus: (update) => {
      context.statuses.push(update);
    },
    log: { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') },
    signal: controller.signal,
  };
  return context;
}

/** Resolves once `check` holds (polled every 10 ms); rejects after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean,
  timeoutMs = 3000,
  what = 'the condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
