/**
 * Runs the fake Gemini Live by hand:
 * `node packages/testkit/src/fake-gemini-live/cli.ts [--port 8790] [--script steps.json] [--key <key>] [--reply-delay-ms 0]`.
 * The script file is a JSON array of steps (`[{"hear": "hello", "say": "Hi, Ada here"}]`, see
 * `FakeLiveStep`). Prints the base URL and key to run the platform with, then one line per
 * connection and per transcript entry. Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeGeminiLive } from './server.ts';
import type { FakeLiveStep } from './types.ts';

const usage =
  'Usage: node packages/testkit/src/fake-gemini-live/cli.ts [--port <0-65535>] [--script <steps.json>] [--key <api key>] [--reply-delay-ms <ms>]\n';
const fail = (why: string): never => {
  process.stderr.write(`${why}\n${usage}`);
  process.exit(2);
};
let values: { port: string; script?: string; key?: string; 'reply-delay-ms': string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8790' },
      script: { type: 'string' },
      key: { type: 'string' },
      'reply-delay-ms': { type: 'string', default: '0' },
    },
  }));
} catch {
  fail('Unknown or malformed argument.');
}
if (!/^\d+$/.test(values!.port) || Number(values!.port) > 65_535)
  fail('--port must be a number from 0 to 65535.');
if (!/^\d+$/.test(values!['reply-delay-ms']))
  fail('--reply-delay-ms must be a whole number of milliseconds.');
let script: FakeLiveStep[] = [
  { say: 'Hello, this is the fake Gemini Live. I have no script, so this is all I say.' },
];
if (values!.script) {
  try {
    script = JSON.parse(readFileSync(values!.script, 'utf8'));
  } catch {
    fail(`Could not read a JSON array of steps from ${values!.script}.`);
  }
  if (!Array.isArray(script)) fail('The script file must hold a JSON array of steps.');
}

const fake = await startFakeGeminiLive({
  port: Number(values!.port),
  script,
  replyDelayMs: Number(values!['reply-delay-ms']),
  ...(values!.key ? { apiKey: values!.key } : {}),
});
process.stdout.write(
  `Fake Gemini Live listening on ${fake.baseUrl} (${script.length} scripted steps)\n` +
    `Run the platform against it: GEMINI_LIVE_BASE_URL=${fake.baseUrl} and the Gemini key set to the fake's key (--key; default fake-gemini-key).\n`,
);
const connectionsSeen = new Set<number>();
const transcriptSeen = new Map<number, number>();
const timer = setInterval(() => {
  for (const connection of fake.connections()) {
    // A connection is logged once its setup arrived (or it closed without one: refused).
    if (connectionsSeen.has(connection.id) || (!connection.setup.model && !connection.closed)) continue;
    connectionsSeen.add(connection.id);
    const how = connection.resumedWith ? 'resumed' : connection.setup.model ? 'new' : 'refused';
    process.stdout.write(`connection ${connection.id} (${how}) model ${connection.setup.model || '-'}\n`);
  }
  for (const conversation of fake.conversations()) {
    const seen = transcriptSeen.get(conversation.id) ?? 0;
    for (const entry of conversation.transcript.slice(seen))
      process.stdout.write(`conversation ${conversation.id} ${entry.role}: ${JSON.stringify(entry.text)}\n`);
    transcriptSeen.set(conversation.id, conversation.transcript.length);
  }
}, 200);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void fake.close().then(() => process.exit(0));
  });
}
