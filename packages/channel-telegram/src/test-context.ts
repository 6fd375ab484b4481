import type { ChannelContext, ChannelStatusUpdate, InboundMessage } from '@lifeosai/channel-spec';
import { type FakeTelegram, startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { afterEach, beforeEach } from 'vitest';
import { createTelegramChannel } from './driver.ts';

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

/** What a promise rejected with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

/** A driver with short waits for tests: 1 s long polls, 50–200 ms backoff. */
export function fastDriver(apiRoot: string) {
  return createTelegramChannel({ apiRoot, pollTimeoutSeconds: 1, backoff: { initialMs: 50, maxMs: 200 } });
}

/** Starts a fake Telegram before each test and closes it after; read `.fake` inside a test. */
export function useFakeTelegram(): { readonly fake: FakeTelegram } {
  let current: FakeTelegram | undefined;
  beforeEach(async () => {
    current = await startFakeTelegram();
  });
  afterEach(async () => {
    await current?.close();
  });
  return {
    get fake() {
      if (!current) throw new Error('the fake Telegram starts in beforeEach');
      return current;
    },
  };
}
