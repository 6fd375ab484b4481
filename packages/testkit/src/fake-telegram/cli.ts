/**
 * Runs the fake Telegram Bot API by hand:
 * `node packages/testkit/src/fake-telegram/cli.ts [--port 8081] [--token <id>:<secret>] [--username name_bot]`.
 * Prints the API root, the bot's token and how to point the platform at it, then one line per
 * call and per message the bot sends. Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { startFakeTelegram } from './server.ts';

const usage =
  'Usage: node packages/testkit/src/fake-telegram/cli.ts [--port <0-65535>] [--token <id>:<secret>] [--username <name_bot>]\n';
let values: { port: string; token?: string; username?: string };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '8081' },
      token: { type: 'string' },
      username: { type: 'string' },
    },
  }));
} catch {
  process.stderr.write(usage);
  process.exit(2);
}
if (
  !/^\d+$/.test(values.port) ||
  Number(values.port) > 65_535 ||
  (values.token !== undefined && !/^\d+:[A-Za-z0-9_-]{20,}$/.test(values.token)) ||
  (values.username !== undefined && !/^[A-Za-z0-9_]{3,32}$/.test(values.username))
) {
  process.stderr.write(usage);
  process.exit(2);
}

const fake = await startFakeTelegram({
  port: Number(values.port),
  onCall: ({ botId, method, status }) => {
    if (method !== 'getUpdates' || status !== 200)
      process.stdout.write(`bot ${botId} ${method} -> ${status}\n`);
  },
});
const bot = fake.createBot({
  ...(values.token ? { token: values.token } : {}),
  ...(values.username ? { username: values.username } : {}),
});
const root = fake.apiRoot;
process.stdout.write(
  `Fake Telegram Bot API listening on ${root}\n` +
    `Bot @${bot.username}, token ${bot.token}\n` +
    `Run the platform against it: TELEGRAM_API_ROOT=${root} npm start — then connect a Telegram channel with that token.\n` +
    `Be the user: curl -s -X POST ${root}/control/messages -H 'content-type: application/json' -d '{"text":"hello"}'\n` +
    `Read the replies: curl -s ${root}/control/sent\n`,
);
let seen = 0;
const timer = setInterval(() => {
  for (const sent of fake.sent(bot.token).slice(seen)) {
    seen++;
    const what = sent.file ? `${sent.file.fileName} (${sent.file.bytes.length} bytes)` : (sent.action ?? '');
    process.stdout.write(
      `bot -> chat ${sent.chatId}: ${sent.method} ${what} ${JSON.stringify(sent.plainText ?? '')}\n`,
    );
  }
}, 200);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void fake.close().then(() => process.exit(0));
  });
}
