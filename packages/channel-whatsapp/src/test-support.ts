import type {
  ChannelContext,
  ChannelLog,
  ChannelStateStore,
  ChannelStatusUpdate,
  InboundMessage,
} from '@lifeosai/channel-spec';

/** A `ChannelStateStore` in memory, as the platform's (all-or-nothing writes, string values). */
export class MemoryStateStore implements ChannelStateStore {
  readonly values = new Map<string, string>();
  writes = 0;
  async get(keys: readonly string[]) {
    return Object.fromEntries(
      keys.flatMap((key) => (this.values.has(key) ? [[key, this.values.get(key)!]] : [])),
    );
  }
  async set(entries: Record<string, string | null>) {
    this.writes++;
    for (const [key, value] of Object.entries(entries)) {
      if (value === null) this.values.delete(key);
      else this.values.set(key, value);
    }
  }
  async clear() {
    this.values.clear();
  }
}

/** A log that keeps its lines, to check what reached info. */
export function recordingLog() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  const log: ChannelLog = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

/** A context whose inbound, statuses and state the test reads. */
export function testContext(overrides: Partial<ChannelContext> = {}) {
  const statuses: ChannelStatusUpdate[] = [];
  const inbound: InboundMessage[] = [];
  const state = new MemoryStateStore();
  const controller = new AbortController();
  const { log, lines } = recordingLog();
  const context: ChannelContext = {
    connectionId: 'conn_1',
    credentials: {},
    state,
    transport: { kind: 'poll' },
    onInbound: async (messages) => {
      inbound.push(...messages);
    },
    onStatus: (update) => {
      statuses.push(update);
    },
    log,
    signal: controller.signal,
    ...overrides,
  };
  return { context, statuses, inbound, state, controller, lines };
}
