import {
  type ChannelConnection,
  type ChannelContext,
  ChannelCredentialsError,
  type ChannelDriver,
  ChannelSendError,
  type InboundMessage,
  type OutboundMessage,
} from '@lifeosai/channel-spec';

/** A message the fake network received from the platform, with the id it got. */
export interface FakeSent extends OutboundMessage {
  networkMessageIds: string[];
}

/**
 * A whole chat network in memory, at the channel contract's edge: a `ChannelDriver` (type
 * `fakechat` unless told) whose connections receive what the test `deliver`s and record what
 * the platform sends. For tests of the platform's channel runtime that are about the
 * platform (journal, order, outbox, policies), not about a network's wire; each network's own
 * package is tested against its own fake server (fake Bot API, fake WhatsApp socket).
 */
export interface FakeChannel {
  driver: ChannelDriver;
  /** Hands messages to the running connection as the network would; resolves once journaled (acknowledged). */
  deliver(messages: InboundMessage[], connectionId?: string): Promise<void>;
  /** Everything sent so far, in order. */
  sent: FakeSent[];
  /** Chats shown "typing…", in order. */
  typing: string[];
  /** Connections started and not stopped, by id. */
  running: ReadonlyMap<string, ChannelContext>;
  /** Makes the next `count` sends fail (retryable or not). */
  failSends(count: number, retryable: boolean, retryAfterMs?: number): void;
  /** Files the platform downloads by ref. */
  files: Map<string, Uint8Array>;
  /** Resolves once `predicate` holds over `sent` (polls; rejects after `timeoutMs`). */
  waitForSent(predicate: (sent: FakeSent[]) => boolean, timeoutMs?: number): Promise<void>;
}

export interface FakeChannelOptions {
  type?: string;
  /** Text limit per message (default 200, so splitting is easy to see). */
  textLimit?: number;
  buttons?: boolean;
}

/** Splits on paragraphs, then hard, at the limit: enough for the platform's view of parts. */
function split(markdown: string, limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const paragraph of markdown.split(/\n{2,}/)) {
    const candidate = current ? `${current}\n\n${paragraph}` : paragraph;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    let rest = paragraph;
    while (rest.length > limit) {
      parts.push(rest.slice(0, limit));
      rest = rest.slice(limit);
    }
    current = rest;
  }
  if (current || parts.length === 0) parts.push(current);
  return parts;
}

export function createFakeChannel(options: FakeChannelOptions = {}): FakeChannel {
  const type = options.type ?? 'fakechat';
  const textLimit = options.textLimit ?? 200;
  const running = new Map<string, ChannelContext>();
  const sent: FakeSent[] = [];
  const typing: string[] = [];
  const files = new Map<string, Uint8Array>();
  const failures: Array<{ retryable: boolean; retryAfterMs?: number }> = [];
  let nextId = 1;

  const driver: ChannelDriver = {
    specificationVersion: 'v1',
    type,
    displayName: 'FakeChat',
    capabilities: {
      textLimit,
      media: { images: true, voice: true, documents: true },
      maxMediaBytes: 1024 * 1024,
      typing: true,
      edits: false,
      buttons: options.buttons ?? true,
      groups: true,
      markup: 'plain',
      webhook: true,
      interactiveLogin: false,
    },
    async verifyCredentials(credentials) {
      if (!credentials.botToken?.startsWith('good')) {
        throw new ChannelCredentialsError('FakeChat refused the token: check it and paste it again.');
      }
      return { id: 'bot-1', name: '@fake_bot' };
    },
    format: (markdown) => split(markdown, textLimit),
    connect(context): ChannelConnection {
      return {
        async start() {
          running.set(context.connectionId, context);
          context.onStatus({
            status: 'connected',
            account: { id: `acct-${context.connectionId}`, name: '@fake_bot' },
          });
        },
        async stop() {
          if (running.get(context.connectionId) === context) running.delete(context.connectionId);
        },
        async send(message) {
          const failure = failures.shift();
          if (failure)
            throw new ChannelSendError(
              'FakeChat is unavailable right now.',
              failure.retryable,
              failure.retryAfterMs,
            );
          const record = { ...message, networkMessageIds: [`m${nextId++}`] };
          sent.push(record);
          return { networkMessageIds: record.networkMessageIds };
        },
        async typing(chatId) {
          typing.push(chatId);
        },
        async download(ref) {
          const bytes = files.get(ref);
          if (!bytes) throw new Error(`no file ${ref}`);
          return bytes;
        },
      };
    },
    parseWebhook(delivery, expected) {
      if (delivery.headers['x-fake-secret'] !== expected.secretToken) return null;
      return (delivery.body as { messages: InboundMessage[] }).messages;
    },
  };

  return {
    driver,
    sent,
    typing,
    running,
    files,
    async deliver(messages, connectionId) {
      const context = connectionId ? running.get(connectionId) : [...running.values()][0];
      if (!context) throw new Error('no FakeChat connection is running');
      await context.onInbound(messages);
    },
    failSends(count, retryable, retryAfterMs) {
      for (let index = 0; index < count; index++)
        failures.push({ retryable, ...(retryAfterMs && { retryAfterMs }) });
    },
    async waitForSent(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(sent)) {
        if (Date.now() > deadline) {
          throw new Error(
            `FakeChat: condition not met; sent so far: ${JSON.stringify(sent.map((item) => item.text))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
