/**
 * bench:latency's load generator — the fake model the runs call and the SSE clients that follow
 * them — by default in a worker thread: its own V8 isolate, heap and garbage collector, so the
 * main thread (the Agent API under measurement) pays only for what a deployed API pays for. A
 * real client and a real model live in other processes on other machines; in the API's thread
 * the clients' parsing of every event and the model's pacing allocated about a seventh of what
 * the run allocated, and their collection paused the API. `inProcess: true` puts it back in the
 * calling thread (bench:latency's `--load in-process`), to compare.
 *
 * Both threads stamp with `Date.now()` (one clock per process), so a latency is still the SSE
 * client's receipt minus the executor's stamp.
 */
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sseEvents } from '@lifeosai/agent-api/testing';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';

export interface LoadOptions {
  /** The model's answer: `chunks` text deltas `chunkDelayMs` apart. */
  reply: string;
  chunks: number;
  chunkDelayMs: number;
  /** The fan-out run's pacing (its prompt starts with `fanout`). */
  fanoutDelayMs: number;
}

export interface StreamRequest {
  base: string;
  headers: Record<string, string>;
  agentId: string;
  runs: number;
}

/** What the clients of `runs` concurrent runs saw. Times are epoch ms (`Date.now()`). */
export interface StreamResult {
  starts: number[];
  /** Every stream event: its stamp and the latency to the client's receipt. */
  stamped: Array<{ ts: number; latency: number }>;
  /** Per run, the stamp of its first and last stream event. */
  firstText: number[];
  lastText: number[];
  events: number;
}

export interface FanOutRequest {
  base: string;
  headers: Record<string, string>;
  agentId: string;
  followers: number;
}

export interface FanOutResult {
  /** Live events only: those stamped after the client connected. */
  latencies: number[];
  complete: number;
  lastEvents: number;
}

/** A relay to a TCP server (Postgres) that holds every chunk `delayMs` in each direction. */
export interface RelayRequest {
  port: number;
  delayMs: number;
}

export interface Load {
  /** The fake model's base URL. */
  fakeUrl: string;
  /** Starts a relay to `port` on loopback (a database a network away); its port. */
  relay(request: RelayRequest): Promise<number>;
  /** Starts `runs` runs of the agent, follows each over SSE until it ends. */
  stream(request: StreamRequest): Promise<StreamResult>;
  /** Starts one run (prompt `fanout`) and follows it with `followers` SSE clients. */
  fanOut(request: FanOutRequest): Promise<FanOutResult>;
  close(): Promise<void>;
}

type Request =
  | { kind: 'stream'; request: StreamRequest }
  | { kind: 'fanOut'; request: FanOutRequest }
  | { kind: 'relay'; request: RelayRequest }
  | { kind: 'close' };

/** The load generator, in a worker thread unless `inProcess`. */
export async function startLoad(options: LoadOptions & { inProcess?: boolean }): Promise<Load> {
  if (options.inProcess) return startLoadHere(options);
  const worker = new Worker(new URL(import.meta.url), { workerData: options });
  let failure: Error | undefined;
  const pending = new Set<(reply: { error?: string; value?: unknown }) => void>();
  worker.on('error', (error) => {
    failure = error;
    for (const settle of pending) settle({ error: error.message });
  });
  // One request at a time: the bench's phases follow one another.
  const call = <T>(message: Request | { kind: 'ready' }): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const settle = (reply: { error?: string; value?: unknown }): void => {
        pending.delete(settle);
        worker.off('message', settle);
        if (reply.error !== undefined) reject(new Error(`the load generator failed: ${reply.error}`));
        else resolve(reply.value as T);
      };
      pending.add(settle);
      worker.on('message', settle);
      if (message.kind !== 'ready') worker.postMessage(message);
    });
  const fakeUrl = await call<string>({ kind: 'ready' });
  return {
    fakeUrl,
    stream: (request) => call<StreamResult>({ kind: 'stream', request }),
    fanOut: (request) => call<FanOutResult>({ kind: 'fanOut', request }),
    relay: (request) => call<number>({ kind: 'relay', request }),
    async close() {
      await call<void>({ kind: 'close' });
      await worker.terminate();
    },
  };
}

async function startLoadHere(options: LoadOptions): Promise<Load> {
  const fake = await startFakeLlm();
  // The fan-out run streams slower, so its clients are connected before most of it.
  fake.on(
    (call) => call.lastUserText.startsWith('fanout'),
    text(options.reply, { chunks: options.chunks, delayMs: options.fanoutDelayMs }),
  );
  fake.on(() => true, text(options.reply, { chunks: options.chunks, delayMs: options.chunkDelayMs }));
  const relays: Server[] = [];
  const sockets = new Set<Socket>();
  return {
    fakeUrl: fake.url,
    stream,
    fanOut,
    async relay({ port, delayMs }) {
      const server = createServer((client) => {
        const upstream = connect(port, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.setNoDelay(true);
          socket.on('close', () => {
            sockets.delete(socket);
            client.destroy();
            upstream.destroy();
          });
          socket.on('error', () => {});
        }
        delayed(client, upstream, delayMs);
        delayed(upstream, client, delayMs);
      });
      relays.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(relays.map((server) => new Promise((resolve) => server.close(resolve))));
      await fake.close();
    },
  };
}

/** Forwards what `from` receives to `to`, each chunk `delayMs` after it arrived, in order. */
function delayed(from: Socket, to: Socket, delayMs: number): void {
  const queue: Array<{ due: number; chunk: Buffer }> = [];
  let scheduled = false;
  const drain = (): void => {
    scheduled = false;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now) to.write(queue.shift()!.chunk);
    if (queue.length > 0) {
      scheduled = true;
      setTimeout(drain, queue[0]!.due - now);
    }
  };
  from.on('data', (chunk: Buffer) => {
    queue.push({ due: performance.now() + delayMs, chunk });
    if (scheduled) return;
    scheduled = true;
    setTimeout(drain, delayMs);
  });
}

/** `POST /agents/:id/runs` with `prompt`: the run's id. */
async function startRun(
  { base, headers, agentId }: { base: string; headers: Record<string, string>; agentId: string },
  prompt: string,
): Promise<{ id: string }> {
  const response = await fetch(`${base}/api/agent/agents/${agentId}/runs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ prompt }),
  });
  return (await response.json()) as { id: string };
}

async function stream({ base, headers, agentId, runs }: StreamRequest): Promise<StreamResult> {
  const starts: number[] = [];
  const stamped: Array<{ ts: number; latency: number }> = [];
  const firstText: number[] = [];
  const lastText: number[] = [];
  let events = 0;
  await Promise.all(
    Array.from({ length: runs }, async (_, index) => {
      const posted = Date.now();
      const run = await startRun({ base, headers, agentId }, `bench ${index}`);
      const response = await fetch(`${base}/api/agent/runs/${run.id}/stream`, { headers });
      let first = true;
      let firstTs: number | undefined;
      let lastTs: number | undefined;
      for await (const event of sseEvents(response.body!)) {
        const received = Date.now();
        const data = JSON.parse(event.data) as { type: string; ts: string };
        if (first) starts.push(Date.parse(data.ts) - posted);
        first = false;
        if (data.type === 'stream_event') {
          const ts = Date.parse(data.ts);
          stamped.push({ ts, latency: received - ts });
          firstTs ??= ts;
          lastTs = ts;
        }
        events++;
      }
      firstText[index] = firstTs ?? Number.POSITIVE_INFINITY;
      lastText[index] = lastTs ?? Number.NEGATIVE_INFINITY;
    }),
  );
  return { starts, stamped, firstText, lastText, events };
}

async function fanOut({ base, headers, agentId, followers }: FanOutRequest): Promise<FanOutResult> {
  const run = await startRun({ base, headers, agentId }, 'fanout');
  const latencies: number[] = [];
  let complete = 0;
  let lastEvents = 0;
  await Promise.all(
    Array.from({ length: followers }, async () => {
      const response = await fetch(`${base}/api/agent/runs/${run.id}/stream`, { headers });
      const connected = Date.now();
      let events = 0;
      for await (const event of sseEvents(response.body!)) {
        const received = Date.now();
        const data = JSON.parse(event.data) as { type: string; ts: string };
        const stamped = Date.parse(data.ts);
        events++;
        if (data.type === 'stream_event' && stamped >= connected) latencies.push(received - stamped);
        if (data.type === 'result') complete++;
      }
      lastEvents = events;
    }),
  );
  return { latencies, complete, lastEvents };
}

// The worker's side: serve the requests of the thread that started it, one at a time.
if (!isMainThread && parentPort) {
  const port = parentPort;
  const load = await startLoadHere(workerData as LoadOptions);
  port.postMessage({ value: load.fakeUrl });
  port.on('message', (message: Request) => {
    const work =
      message.kind === 'stream'
        ? load.stream(message.request)
        : message.kind === 'fanOut'
          ? load.fanOut(message.request)
          : message.kind === 'relay'
            ? load.relay(message.request)
            : load.close();
    work.then(
      (value) => port.postMessage({ value }),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? error.stack : String(error) }),
    );
  });
}
