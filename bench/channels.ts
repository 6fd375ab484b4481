/**
 * Benchmark: what a channel adds. A Telegram message (the fake Bot API, long-polled by the real
 * Telegram driver) → the channel runtime (journal, per-chat order, wake) → a Pi run against the
 * fake LLM → the reply through the outbox → `sendMessage` at the fake; against the same run
 * started through the API (`POST /agents/:id/runs`, its SSE stream read to the `result`), in the
 * same process and run:
 *
 * - added latency: sequential messages, p50/p99 of message sent → first reply at the fake, vs
 *   run posted → `result` received;
 * - sustained messages/s: `--chats` chats each sending `--per-chat` messages at once, until every
 *   one is answered (in order per chat), on SQLite and on Postgres.
 *
 *   npm run bench:channels -- [--messages 10] [--chats 10] [--per-chat 3]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildApp,
  channelDrivers,
  createChannelRuntime,
  createIdentityVerifier,
  createInProcessEventBus,
  createOrchestrator,
  createPostgresEventBus,
  createTestTokenIssuer,
  runHooks,
  servedPlatform,
  testRunSandboxes,
  wireLlmProxy,
} from '@lifeosai/agent-api';
import { sseEvents } from '@lifeosai/agent-api/testing';
import { createTelegramChannel } from '@lifeosai/channel-telegram';
import { type DialectName, openDatabase } from '@lifeosai/db';
import { piHarness } from '@lifeosai/harness-pi';
import { createSecretStore, Redactor, SecretCipher } from '@lifeosai/secrets';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { startFakeTelegram } from '@lifeosai/testkit/fake-telegram';
import { createTestDatabase, startTestPostgres } from '@lifeosai/testkit/postgres';
import { percentile } from './percentile.ts';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '10' },
    chats: { type: 'string', default: '10' },
    'per-chat': { type: 'string', default: '3' },
  },
});
const messages = Number(args.messages);
const chats = Number(args.chats);
const perChat = Number(args['per-chat']);
const command = `npm run bench:channels -- --messages ${messages} --chats ${chats} --per-chat ${perChat}`;

const fake = await startFakeLlm();
fake.on(() => true, text('Noted.'));
const telegram = await startFakeTelegram();
const home = mkdtempSync(join(tmpdir(), 'lifeosai-bench-channels-'));
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: console.error };

/** One Agent API with the channel runtime on a fresh database, an agent and its open Telegram bot. */
async function startPlatform(dialect: DialectName, url?: string) {
  const handle =
    dialect === 'sqlite'
      ? await openDatabase({ dialect, path: join(home, `bench-${Date.now()}.db`) })
      : await openDatabase({ dialect, url: url! });
  const bus =
    dialect === 'postgres' ? await createPostgresEventBus({ url: url! }) : createInProcessEventBus();
  const tokens = await createTestTokenIssuer();
  const harnesses = new Map([[piHarness.id, piHarness as never]]);
  const cipher = new SecretCipher(randomBytes(32));
  const secrets = createSecretStore({ db: handle.db, cipher, redactor: new Redactor() });
  let base = '';
  // As in the service: once the app listens, runs' platform requests are served in process.
  const platform = servedPlatform();
  const llm = wireLlmProxy({
    db: handle.db,
    harnesses,
    secrets,
    masterKey: randomBytes(32),
    env: { ANTHROPIC_API_KEY: 'sk-bench-key-123456', ANTHROPIC_BASE_URL: fake.url },
  });
  // The orchestrator's hooks reach the runtime made after it.
  let channels: ReturnType<typeof createChannelRuntime> | undefined;
  const orchestrator = createOrchestrator({
    db: handle.db,
    dialect,
    bus,
    harnesses,
    home,
    instanceId: 'bench',
    maxConcurrentRuns: chats,
    stallTimeoutMs: 60_000,
    pollMs: 50,
    heartbeatTickMs: 0,
    ...llm.executor,
    platformToolsFor: () => [],
    sandboxes: await testRunSandboxes([], platform),
    ...runHooks(() => [channels]),
  });
  llm.connect(orchestrator);
  channels = createChannelRuntime({
    db: handle.db,
    dialect,
    bus,
    orchestrator,
    drivers: channelDrivers([createTelegramChannel({ apiRoot: telegram.apiRoot, pollTimeoutSeconds: 5 })]),
    revealSecret: (orgId, name) => secrets.reveal(orgId, name),
    cipher,
    home,
    instanceId: 'bench',
    log: quiet,
    tickMs: 200,
    // The benchmark is one sender per chat at full speed: no polite "slow down".
    limits: { senderPerWindow: 1_000_000, connectionPerWindow: 1_000_000 },
  });
  const app = await buildApp({
    db: handle.db,
    secrets,
    verifyIdentity: createIdentityVerifier({ jwks: tokens.jwks }),
    bus,
    harnesses,
    orchestrator,
    home,
    llmProxy: llm.llmProxy,
    version: 'bench',
    channels,
  });
  orchestrator.start();
  channels.start();
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  platform.serve(app, base);
  const identity = { userId: 'usr_bench', orgId: 'org_bench', role: 'owner' as const };
  const headers = {
    authorization: await tokens.authorization(identity, { expiresInSeconds: 3600 }),
    'content-type': 'application/json',
  };
  const post = async (path: string, body: unknown) =>
    (await (
      await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
    ).json()) as {
      id: string;
    };
  const agent = await post('/api/agent/agents', {
    name: 'bench',
    adapterType: 'pi',
    adapterConfig: { model: 'claude-sonnet-4-6' },
    limits: { maxConcurrentRuns: chats },
  });
  const bot = telegram.createBot();
  await post(`/api/agent/agents/${agent.id}/channels`, {
    type: 'telegram',
    botToken: bot.token,
    senders: 'open',
  });
  const close = async () => {
    await app.close();
    await channels?.stop();
    await orchestrator.stop();
    await llm.llmProxy.close();
    await bus.close();
    await handle.close();
  };
  return { base, headers, post, agentId: agent.id, bot, db: handle.db, close };
}

type Platform = Awaited<ReturnType<typeof startPlatform>>;

/** Baseline: a run started through the API, its stream read until the `result`. */
async function throughApi(platform: Platform): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < messages; index++) {
    const started = performance.now();
    const run = await platform.post(`/api/agent/agents/${platform.agentId}/runs`, { prompt: `api ${index}` });
    const response = await fetch(`${platform.base}/api/agent/runs/${run.id}/stream`, {
      headers: platform.headers,
    });
    for await (const event of sseEvents(response.body!)) {
      if (JSON.parse(event.data).type === 'result') break;
    }
    times.push(performance.now() - started);
    await response.body?.cancel().catch(() => undefined);
  }
  return times;
}

/** Message sent in one chat → its reply at the fake Bot API, one after another. */
async function throughTelegram(platform: Platform): Promise<number[]> {
  const times: number[] = [];
  const token = platform.bot.token;
  for (let index = 0; index < messages; index++) {
    const before = telegram.sent(token).length;
    const started = performance.now();
    telegram.userSends(token, { text: `tg ${index}`, from: { id: 7 }, chat: { id: 7 } });
    await telegram.waitForSent(
      token,
      (sent) => sent.method === 'sendMessage' && telegram.sent(token).indexOf(sent) >= before,
      60_000,
    );
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * `chats` × `perChat` messages at once; resolves once every one is answered (journaled `done`:
 * messages that arrive while their chat's run works are answered together by its next turn).
 */
async function sustained(platform: Platform): Promise<{ rate: number; turns: number }> {
  const token = platform.bot.token;
  const answered = async () =>
    Number(
      (
        await platform.db
          .selectFrom('channelInbound')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('text', 'like', 'load %')
          .where('status', '=', 'done')
          .executeTakeFirstOrThrow()
      ).count,
    );
  const started = performance.now();
  for (let round = 0; round < perChat; round++) {
    for (let chat = 0; chat < chats; chat++) {
      telegram.userSends(token, {
        text: `load ${round}`,
        from: { id: 1000 + chat },
        chat: { id: 1000 + chat },
      });
    }
  }
  const total = chats * perChat;
  const deadline = Date.now() + 300_000;
  while ((await answered()) < total) {
    if (Date.now() > deadline)
      throw new Error(`only ${await answered()} of ${total} answered within 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const turns = telegram
    .sent(token)
    .filter((sent) => sent.method === 'sendMessage' && sent.chatId >= 1000).length;
  return { rate: total / seconds, turns };
}

function line(label: string, times: number[], baseline?: number[]): string {
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  const added = baseline
    ? `  added p50 ${(p50 - percentile(baseline, 50)).toFixed(0).padStart(5)} ms, p99 ${(p99 - percentile(baseline, 99)).toFixed(0).padStart(5)} ms (×${(p50 / percentile(baseline, 50)).toFixed(2)})`
    : '';
  return `${label.padEnd(34)} p50 ${p50.toFixed(0).padStart(5)} ms  p99 ${p99.toFixed(0).padStart(5)} ms${added}`;
}

async function measure(dialect: DialectName, url?: string): Promise<void> {
  const platform = await startPlatform(dialect, url);
  try {
    // One warm-up each: the first Pi run and the first poll pay for loading code.
    await throughApi({ ...platform });
    const api = await throughApi(platform);
    const tg = await throughTelegram(platform);
    console.log(line(`${dialect}: run via API (baseline)`, api));
    console.log(line(`${dialect}: Telegram message → reply`, tg, api));
    const { rate, turns } = await sustained(platform);
    const apiRate = messages / (api.reduce((sum, time) => sum + time, 0) / 1000);
    console.log(
      `${`${dialect}: sustained, ${chats} chats × ${perChat}`.padEnd(34)} ${rate.toFixed(2).padStart(6)} messages/s answered in ${turns} turns (×${(rate / apiRate).toFixed(2)} of one-at-a-time API runs/s ${apiRate.toFixed(2)})`,
    );
  } finally {
    await platform.close();
  }
}

console.log(`channels: ${command} (Node ${process.version})`);
try {
  await measure('sqlite');
  const server = await startTestPostgres();
  try {
    const database = await createTestDatabase(server.adminUrl);
    await measure('postgres', database.url);
  } finally {
    await server.stop();
  }
} finally {
  await telegram.close();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
}
