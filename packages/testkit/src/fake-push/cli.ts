/**
 * Runs the fake push service by hand: `node packages/testkit/src/fake-push/cli.ts [--port 8788]`.
 * Prints one subscription (endpoint on the fake + fresh keys) to register with
 * `PUT /api/agent/push/subscriptions {subscription, events}`, then each message it receives,
 * VAPID-checked and decrypted, on one line. Exit codes: 0 after SIGINT/SIGTERM, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { startFakePushService } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '8788' } } });
if (!/^\d+$/.test(values.port) || Number(values.port) > 65_535) {
  process.stderr.write('Usage: node packages/testkit/src/fake-push/cli.ts [--port <0-65535>]\n');
  process.exit(2);
}
const service = await startFakePushService({ port: Number(values.port) });
const device = service.subscribe();
process.stdout.write(
  `Fake push service on ${service.url}. Register this device (it may need LIFEOSAI_SANDBOX_ALLOW=${new URL(service.url).host}):\n` +
    `${JSON.stringify({ subscription: device.subscription, events: ['permission_request', 'run_finished', 'sender_approval'] })}\n`,
);
let seen = 0;
const timer = setInterval(() => {
  for (const delivery of service.deliveries().slice(seen)) {
    seen++;
    let text: string;
    try {
      text = delivery.decrypt().toString('utf8');
    } catch (error) {
      text = `(not decryptable: ${(error as Error).message})`;
    }
    const vapid = delivery.vapid.valid ? 'vapid ok' : `vapid refused: ${delivery.vapid.problem}`;
    process.stdout.write(`${delivery.status} ${vapid} ttl=${delivery.ttl} ${text}\n`);
  }
}, 200);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void service.close().then(() => process.exit(0));
  });
}
