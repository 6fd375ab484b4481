import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { type ConnectionHost, type LiveConnection, serveConnection } from './connection.ts';
import { Conversation } from './conversation.ts';
import type { FakeGeminiLive, FakeGeminiLiveOptions, FakeLiveStep } from './types.ts';

export type { FakeGeminiLive, FakeGeminiLiveOptions } from './types.ts';

/** The path `@google/genai` (2.21) opens for an API key: `<base>/ws/google.ai.generativelanguage.<v>.GenerativeService.BidiGenerateContent`. */
const LIVE_PATH =
  /\/ws\/google\.ai\.generativelanguage\.v1(?:alpha|beta)\.GenerativeService\.BidiGenerateContent$/;
/** What Google answers a wrong key with (close code 1008, policy violation). */
const BAD_KEY = 'API key not valid. Please pass a valid API key.';

/**
 * A fake Gemini Live (BidiGenerateContent over WebSocket) on loopback, for tests and for running
 * the phone bridge by hand: the SDK's handshake and key check, a scripted conversation with a
 * synthetic voice, tool calls, barge-in, usage, goAway and resumption, and failure switches.
 */
export async function startFakeGeminiLive(options: FakeGeminiLiveOptions = {}): Promise<FakeGeminiLive> {
  const apiKey = options.apiKey ?? 'fake-gemini-key';
  let script: readonly FakeLiveStep[] = options.script ?? [];
  const conversations: Conversation[] = [];
  const handles = new Map<string, Conversation>();
  const open = new Set<{ socket: import('ws').WebSocket; live: LiveConnection }>();
  const all: LiveConnection[] = [];

  const host: ConnectionHost = {
    options: {
      replyDelayMs: options.replyDelayMs ?? 0,
      speechThreshold: options.speechThreshold ?? 500,
      endOfSpeechMs: options.endOfSpeechMs ?? 400,
      msPerChar: options.msPerChar ?? 60,
      chunkMs: options.chunkMs ?? 40,
      speedUp: options.speedUp ?? 1,
      goAwayTimeLeftMs: options.goAwayTimeLeftMs ?? 500,
      speakToolResult: options.speakToolResult ?? defaultToolSpeech,
      ...(options.goAwayAfterMs !== undefined ? { goAwayAfterMs: options.goAwayAfterMs } : {}),
      ...(options.models ? { models: options.models } : {}),
      ...(options.hangOnSetup ? { hangOnSetup: true } : {}),
    },
    resume(handle) {
      const conversation = handles.get(handle);
      // The conversation moves to the new connection: the old one stops speaking for it.
      for (const entry of open)
        if (conversation && entry.live.conversation() === conversation) entry.live.silence();
      return conversation;
    },
    start() {
      const conversation = new Conversation(conversations.length + 1, script);
      conversations.push(conversation);
      return conversation;
    },
    issueHandle(conversation) {
      const handle = `handle-${conversation.record.id}-${randomBytes(6).toString('hex')}`;
      handles.set(handle, conversation);
      return handle;
    },
  };

  const http = createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 404, message: 'Not found.', status: 'NOT_FOUND' } }));
  });
  const sockets = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, stream, head) => {
    // The SDK asks for `//ws/…` (base URL + '/' + '/ws/…'): parse it as a path, not a protocol-relative URL.
    const url = new URL(`http://fake${request.url ?? '/'}`);
    if (!LIVE_PATH.test(url.pathname)) {
      stream.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const key = url.searchParams.get('key') ?? request.headers['x-goog-api-key'];
    sockets.handleUpgrade(request, stream, head, (socket) => {
      if (key !== apiKey) {
        socket.close(1008, BAD_KEY);
        return;
      }
      const live = serveConnection(socket, all.length + 1, host);
      all.push(live);
      const entry = { socket, live };
      open.add(entry);
      socket.on('close', () => open.delete(entry));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiKey,
    connections: () => all.map((live) => live.record),
    conversations: () => conversations.map((conversation) => conversation.record),
    setScript(next) {
      script = next;
    },
    goAway(timeLeftMs = 500) {
      for (const entry of open) entry.live.goAway(timeLeftMs);
    },
    dropConnection() {
      for (const entry of open) entry.socket.terminate();
    },
    failHard() {
      handles.clear();
      for (const entry of open) entry.socket.close(1011, 'Internal error encountered.');
    },
    async waitForTranscript(role, text, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = (said: string) => (typeof text === 'string' ? said.includes(text) : text.test(said));
      while (
        !conversations.some((c) => c.record.transcript.some((e) => e.role === role && matches(e.text)))
      ) {
        if (Date.now() > deadline)
          throw new Error(`the fake Gemini Live never had ${role} say ${String(text)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const entry of open) entry.socket.terminate();
      sockets.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function defaultToolSpeech(response: Record<string, unknown>): string {
  for (const field of ['answer', 'text', 'result', 'output']) {
    if (typeof response[field] === 'string') return response[field] as string;
  }
  return JSON.stringify(response);
}
