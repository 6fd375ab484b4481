import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFor, apiOf, type RecordedRequest } from './answer.ts';
import { sendAnthropicError } from './anthropic.ts';
import { type Endpoint, matchRoute } from './routes.ts';
import type { Scenario } from './scenario.ts';
import { type CallMatcher, type Responder, type RuleOptions, Script } from './script.ts';

/** The endpoints that consume a scenario. */
const MODEL_ENDPOINTS: readonly Endpoint[] = [
  'messages',
  'chat_completions',
  'responses',
  'generate_content',
];

/** Options for `startFakeLlm`. */
export interface FakeLlmOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Only loopback: the fake is for tests and local runs. */
  host?: '127.0.0.1';
  /**
   * Called for every request once it is recorded and its answer chosen, before the answer
   * is sent. Contract: synchronous, must not throw (a throw turns the answer into a 500).
   */
  onRequest?: (request: RecordedRequest) => void;
}

/** A running fake LLM server. */
export interface FakeLlm extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the Anthropic and Gemini base URL (`ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`). */
  url: string;
  /** `<url>/v1`: the OpenAI base URL (`OPENAI_BASE_URL`); the Responses API is under it too. */
  openAiBaseUrl: string;
  port: number;
  /** Every request received, in arrival order (a live array, emptied by `reset`). */
  requests: RecordedRequest[];
  /** Only model requests: `/messages`, `/chat/completions`, `/responses` and Gemini's `generateContent`. */
  modelRequests(): RecordedRequest[];
  /** Queues scenarios, one per model request, after which the default echo answers. */
  script(...scenarios: Scenario[]): void;
  /** Answers matching model requests with `respond`, ahead of the queue. */
  on(match: CallMatcher, respond: Responder, options?: RuleOptions): void;
  /** Queued scenarios not yet used (0 once a script is fully consumed). */
  pending(): number;
  /** Answers still being written (open streams, stalls): 0 once every client has left. */
  activeResponses(): number;
  /** Forgets the queue, rules, recorded requests and id counters. */
  reset(): void;
  /** Ends open streams, drops connections and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts a fake Anthropic + OpenAI (chat, Responses) + Gemini server on 127.0.0.1. */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const script = new Script();
  const inFlight = new Set<AbortController>();
  // One counter per prefix, so ids read msg_fake_000001, toolu_fake_000001, … in each test.
  const idCounters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const next = (idCounters.get(prefix) ?? 0) + 1;
    idCounters.set(prefix, next);
    return `${prefix}${String(next).padStart(6, '0')}`;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const controller = new AbortController();
    inFlight.add(controller);
    // Fires when the answer is done or the client left: either way nothing more to write.
    res.on('close', () => {
      controller.abort();
      inFlight.delete(controller);
    });
    try {
      const record = await receive(req);
      requests.push(record);
      const answer = answerFor(record, script, nextId);
      options.onRequest?.(record);
      await answer(res, controller.signal);
    } catch (cause) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = cause instanceof Error ? cause.message : String(cause);
      sendAnthropicError(res, 500, `The fake LLM failed: ${message}`, nextId('req_fake_'));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const controller of inFlight) controller.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    openAiBaseUrl: `${url}/v1`,
    port,
    requests,
    modelRequests: () => requests.filter((request) => MODEL_ENDPOINTS.includes(request.endpoint)),
    script: (...scenarios) => script.push(...scenarios),
    on: (match, respond, ruleOptions) => script.on(match, respond, ruleOptions),
    pending: () => script.pending(),
    activeResponses: () => inFlight.size,
    reset: () => {
      script.clear();
      requests.length = 0;
      idCounters.clear();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function receive(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  // A base that cannot absorb the path: `//x` must stay a path, not become a host.
  const url = new URL(`http://fake${req.url ?? '/'}`);
  const method = req.method ?? 'GET';
  const { endpoint } = matchRoute(method, url.pathname);
  return {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    body: parseJson(raw),
    api: apiOf(endpoint, req.headers, Object.fromEntries(url.searchParams)),
    endpoint,
    timestamp: Date.now(),
  };
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
