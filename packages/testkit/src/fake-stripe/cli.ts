/**
 * Runs the fake Stripe by hand:
 * `node packages/testkit/src/fake-stripe/cli.ts [--port 12111] [--webhook-url http://127.0.0.1:3000/api/billing/stripe/webhook]`.
 * Prints the settings to run the platform against it (STRIPE_API_BASE, a test key, the webhook
 * secret), then one line per API request and webhook delivery. Checkout's hosted page is served by
 * the fake (a Pay button). Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { startFakeStripe } from './server.ts';

const usage =
  'Usage: node packages/testkit/src/fake-stripe/cli.ts [--port <0-65535>] [--webhook-url <http(s)://…>]\n';
let values: { port: string; 'webhook-url'?: string };
try {
  ({ values } = parseArgs({
    options: { port: { type: 'string', default: '12111' }, 'webhook-url': { type: 'string' } },
  }));
} catch {
  process.stderr.write(usage);
  process.exit(2);
}
const webhookUrl = values['webhook-url'];
if (
  !/^\d+$/.test(values.port) ||
  Number(values.port) > 65_535 ||
  (webhookUrl && !/^https?:\/\/[^/]+/.test(webhookUrl))
) {
  process.stderr.write(usage);
  process.exit(2);
}

const fake = await startFakeStripe({ port: Number(values.port), ...(webhookUrl ? { webhookUrl } : {}) });
process.stdout.write(
  `Fake Stripe listening on ${fake.apiBase}\n` +
    `Run the platform against it:\n  STRIPE_API_BASE=${fake.apiBase} STRIPE_SECRET_KEY=sk_test_fake STRIPE_WEBHOOK_SECRET=${fake.webhookSecret} npm start\n` +
    `Webhooks go to ${webhookUrl ?? '(none: pass --webhook-url <public url>/api/billing/stripe/webhook)'}\n` +
    `Fail a payment: curl -s -X POST '${fake.apiBase}/control/fail-payment?customer=cus_…'\n`,
);
let seen = 0;
const timer = setInterval(() => {
  for (const request of fake.requests.slice(seen)) {
    if (request.status === 0) break;
    seen++;
    process.stdout.write(`${request.method} ${request.path} -> ${request.status}\n`);
  }
}, 200);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void fake.close().then(() => process.exit(0));
  });
}
