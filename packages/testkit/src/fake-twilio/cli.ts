/**
 * Places a fake Twilio call on a running platform, as Twilio would:
 * `TWILIO_AUTH_TOKEN=… node packages/testkit/src/fake-twilio/cli.ts --public-url http://127.0.0.1:3000
 *  --from +14155550100 --to +14155550199 [--wav in.wav] [--out reply.wav] [--quiet-ms 1500] [--max-wait-ms 30000]`.
 * Posts the signed voice webhook to `<public-url>/api/phone/twilio/voice`, follows the TwiML
 * (a `<Say>` refusal is printed), streams the WAV (default: 1 s of a 440 Hz tone) as the caller's
 * voice, waits for the reply until it has been quiet for `--quiet-ms`, hangs up, writes what came
 * back to `--out` and prints timings. Exit codes: 0 done, 1 the webhook failed, 2 bad arguments,
 * 3 the call was refused (TwiML without a stream).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sine, writeWav } from '@lifeosai/voice-audio';
import { createFakeTwilioCaller } from './caller.ts';
import { frameTiming } from './frame-timing.ts';
import { parseTwiml } from './twiml.ts';
import { inboundCallParams, postVoiceWebhook, twilioSid } from './webhook.ts';

const usage =
  'Usage: TWILIO_AUTH_TOKEN=<token> node packages/testkit/src/fake-twilio/cli.ts --public-url <http(s)://host> --from <+E164> --to <+E164> [--wav in.wav] [--out reply.wav] [--quiet-ms 1500] [--max-wait-ms 30000]\n' +
  '(--auth-token <token> also works, but other users of the machine can read process arguments)\n';
const e164 = /^\+[1-9][0-9]{6,14}$/;
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      'public-url': { type: 'string' },
      'auth-token': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      wav: { type: 'string' },
      out: { type: 'string' },
      'quiet-ms': { type: 'string', default: '1500' },
      'max-wait-ms': { type: 'string', default: '30000' },
    },
  }));
} catch {
  process.stderr.write(usage);
  process.exit(2);
}
const publicUrl = values['public-url']?.replace(/\/+$/, '');
const authToken = process.env.TWILIO_AUTH_TOKEN || values['auth-token'];
const { from, to } = values;
const quietMs = Number(values['quiet-ms']);
const maxWaitMs = Number(values['max-wait-ms']);
if (
  !publicUrl ||
  !/^https?:\/\/[^/]+/.test(publicUrl) ||
  !authToken ||
  !from ||
  !e164.test(from) ||
  !to ||
  !e164.test(to) ||
  !(quietMs > 0) ||
  !(maxWaitMs > 0)
) {
  process.stderr.write(usage);
  process.exit(2);
}
const speech = values.wav
  ? new Uint8Array(await readFile(values.wav))
  : writeWav(sine(440, 8000, 1000, 8000), 8000);

const callSid = twilioSid('CA');
const webhookStart = performance.now();
const answer = await postVoiceWebhook({
  url: `${publicUrl}/api/phone/twilio/voice`,
  authToken,
  params: inboundCallParams({ callSid, from, to }),
});
const webhookMs = performance.now() - webhookStart;
process.stdout.write(`voice webhook: HTTP ${answer.status} in ${webhookMs.toFixed(0)} ms\n`);
if (answer.status !== 200) {
  process.stdout.write(`${answer.text}\n`);
  process.exit(1);
}
const twiml = parseTwiml(answer.text);
if (!twiml.stream) {
  process.stdout.write(`refused: ${JSON.stringify(twiml.say ?? [])}${twiml.hangup ? ' then hang up' : ''}\n`);
  process.exit(3);
}

const connectStart = performance.now();
const caller = await createFakeTwilioCaller({
  url: twiml.stream.url,
  parameters: twiml.stream.parameters,
  callSid,
  from,
  to,
});
process.stdout.write(
  `stream ${twiml.stream.url}: open in ${(performance.now() - connectStart).toFixed(0)} ms, ${caller.streamSid}\n`,
);
const spoken = await caller.speak(speech);
process.stdout.write(`spoke ${(spoken.endedAt - spoken.startedAt).toFixed(0)} ms of audio\n`);
await caller
  .waitFor(
    () => {
      const last = caller.frames.at(-1);
      const replied = caller.firstAudioAfter(spoken.endedAt) !== undefined;
      return (
        caller.closed !== undefined || (replied && last !== undefined && caller.now() - last.at >= quietMs)
      );
    },
    maxWaitMs,
    'a reply followed by quiet',
  )
  .catch(() => process.stdout.write(`no complete reply within ${maxWaitMs} ms\n`));
await caller.hangup();

const first = caller.firstAudioAfter(spoken.endedAt);
const reply = caller.receivedAudio({ playedOnly: true });
const timing = frameTiming(caller.frameIntervals());
process.stdout.write(
  [
    `first audio after end of speech: ${first ? `${(first.at - spoken.endedAt).toFixed(0)} ms` : 'none'}`,
    `received ${caller.frames.length} frames (${(reply.length / 8000).toFixed(2)} s played), ${caller.clears.length} clears, ${caller.marks.length} marks`,
    `frame intervals: mean ${timing.meanMs.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms, max ${timing.maxMs.toFixed(1)} ms, late ${timing.late}`,
    `closed by ${caller.closed?.by ?? 'nobody'}${caller.problems.length ? `; problems: ${caller.problems.join('; ')}` : ''}`,
    '',
  ].join('\n'),
);
if (values.out) {
  await writeFile(values.out, writeWav(reply, 8000));
  process.stdout.write(`wrote ${values.out}\n`);
}
