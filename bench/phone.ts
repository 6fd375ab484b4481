/**
 * Benchmark: the phone bridge.
 *
 * End to end (fake Twilio caller → signed voice webhook → media stream → the bridge → the fake
 * Gemini Live with a scripted reply delay, and back):
 * - latency: the caller's end of speech → the first audio frame back, p50/p95 over `--turns`
 *   turns; the same turns against the fake directly through the Gemini Live provider; the
 *   difference is the bridge's own share (Twilio socket hops, codec, resampling, pacing);
 * - concurrent calls: `--concurrent` calls at once, each `--turns` turns: latency, frame
 *   intervals and underruns (a reply frame arriving after the one before finished playing).
 *
 * The bridge's own audio work. Per call, the Twilio leg decodes the caller's
 * μ-law and resamples it 8 → 16 kHz for the live model, and resamples the model's 24 kHz voice
 * to 8 kHz, encodes μ-law and paces it out in 20 ms frames (3 frames ahead of real time).
 *
 * - CPU per second of call audio (both directions, with the JSON/base64 of Twilio's messages):
 *   how many calls one core carries;
 * - pacing at scale: N calls' pacers on one event loop, each hearing a frame every 20 ms and
 *   speaking model audio that arrives in bursts ahead of real time — the interval between
 *   frames sent, and underruns (a frame sent after it should already be playing: a gap heard).
 *
 *   npm run bench:phone -- [--turns 5] [--reply-delay-ms 300] [--concurrent 1,10,25] [--speed-up 1]
 *                          [--seconds 30] [--calls 1,50,100] [--pacing-seconds 3]
 */
import { parseArgs } from 'node:util';
import { percentile } from './percentile.ts';
import { startPhoneStack } from './phone-call.ts';
import { availableCpuShare, measurePacingAtScale, measurePipelineCpu } from './phone-pipeline.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    calls: { type: 'string', default: '1,50,100' },
    'pacing-seconds': { type: 'string', default: '3' },
    turns: { type: 'string', default: '5' },
    'reply-delay-ms': { type: 'string', default: '300' },
    concurrent: { type: 'string', default: '1,10,25' },
    'speed-up': { type: 'string', default: '1' },
  },
});
const seconds = Number(args.seconds);
const callCounts = String(args.calls).split(',').map(Number);
const pacingSeconds = Number(args['pacing-seconds']);
const turns = Number(args.turns);
const replyDelayMs = Number(args['reply-delay-ms']);
const concurrency = String(args.concurrent).split(',').map(Number);
const speedUp = Number(args['speed-up']);
const command = `npm run bench:phone -- --turns ${turns} --reply-delay-ms ${replyDelayMs} --concurrent ${concurrency.join(',')} --speed-up ${speedUp} --seconds ${seconds} --calls ${callCounts.join(',')} --pacing-seconds ${pacingSeconds}`;

const available = availableCpuShare();
console.log(
  `\nThis process gets ${(available * 100).toFixed(0)} % of a core when it asks for all of it (the rest goes to other work on the machine).`,
);
const cpu = measurePipelineCpu(seconds);
console.log(
  `\nAudio path per call (μ-law ↔ PCM16, 8 k → 16 k and 24 k → 8 k, framing, Twilio JSON), ${seconds} s of audio each way:`,
);
console.table([
  {
    'CPU ms per audio second': cpu.cpuMsPerAudioSecond.toFixed(2),
    'calls per core (audio work only)': Math.floor(cpu.callsPerCore),
  },
]);

const pacing = [];
for (const calls of callCounts) pacing.push(await measurePacingAtScale(calls, pacingSeconds));
console.log(`\nPacing at scale on one event loop (${pacingSeconds} s per run, 3 frames of lead):`);
console.table(
  pacing.map((row) => ({
    calls: row.calls,
    frames: row.frames,
    'interval mean ms': row.meanMs.toFixed(1),
    'interval p95 ms': row.p95Ms.toFixed(1),
    'interval max ms': row.maxMs.toFixed(1),
    'jitter ms': row.jitterMs.toFixed(1),
    underruns: row.underruns,
    'worst lateness ms': Math.max(0, row.worstLatenessMs).toFixed(1),
    'CPU share': `${(row.cpuShare * 100).toFixed(0)} %`,
  })),
);
const stack = await startPhoneStack({ replyDelayMs, turns, speedUp });
try {
  const direct = await stack.direct(turns);
  const bridged = await stack.call(turns, '+14155550100');
  const row = (label: string, values: number[]) => ({
    path: label,
    turns: values.length,
    'p50 ms': percentile(values, 50).toFixed(0),
    'p95 ms': percentile(values, 95).toFixed(0),
    'minus the fake (400 ms end of speech + reply delay) p50 ms': (
      percentile(values, 50) -
      400 -
      replyDelayMs
    ).toFixed(0),
  });
  console.log(
    `\nEnd of speech → first audio back (fake Gemini Live: end of speech after 400 ms of silence, reply delay ${replyDelayMs} ms):`,
  );
  console.table([
    row('direct to the fake (voice provider)', direct),
    row('phone call through the bridge', bridged.latencies),
  ]);
  console.log(
    `The bridge's own share (p50 difference): ${(percentile(bridged.latencies, 50) - percentile(direct, 50)).toFixed(0)} ms`,
  );

  const concurrent = [];
  for (const calls of concurrency) {
    const results = await Promise.all(
      Array.from({ length: calls }, (_, index) =>
        stack.call(turns, `+1415556${String(index).padStart(4, '0')}`),
      ),
    );
    const latencies = results.flatMap((result) => result.latencies);
    const intervals = results.flatMap((result) => result.intervals);
    concurrent.push({
      calls,
      'latency p50 ms': percentile(latencies, 50).toFixed(0),
      'latency p95 ms': percentile(latencies, 95).toFixed(0),
      'reply frames': results.reduce((sum, result) => sum + result.frames, 0),
      'interval p95 ms': percentile(intervals, 95).toFixed(1),
      'interval max ms': Math.max(...intervals).toFixed(1),
      underruns: results.reduce((sum, result) => sum + result.underruns, 0),
      'longest gap ms': Math.max(...results.map((result) => result.longestGapMs)).toFixed(1),
    });
  }
  console.log(
    `\nConcurrent calls on one Agent API (${turns} turns each; the fake speaks ${speedUp}× real time; underruns: a reply frame that arrived after the one before had finished playing):`,
  );
  console.table(concurrent);
} finally {
  await stack.close();
}
console.log(`\nReproduce: ${command}\n`);
