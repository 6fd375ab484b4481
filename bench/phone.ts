/**
 * Benchmark: the phone bridge's own audio work. Per call, the Twilio leg decodes the caller's
 * μ-law and resamples it 8 → 16 kHz for the live model, and resamples the model's 24 kHz voice
 * to 8 kHz, encodes μ-law and paces it out in 20 ms frames (3 frames ahead of real time).
 *
 * - CPU per second of call audio (both directions, with the JSON/base64 of Twilio's messages):
 *   how many calls one core carries;
 * - pacing at scale: N calls' pacers on one event loop, each hearing a frame every 20 ms and
 *   speaking model audio that arrives in bursts ahead of real time — the interval between
 *   frames sent, and underruns (a frame sent after it should already be playing: a gap heard).
 *
 *   npm run bench:phone -- [--seconds 30] [--calls 1,50,100] [--pacing-seconds 3]
 */
import { parseArgs } from 'node:util';
import { availableCpuShare, measurePacingAtScale, measurePipelineCpu } from './phone-pipeline.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    calls: { type: 'string', default: '1,50,100' },
    'pacing-seconds': { type: 'string', default: '3' },
  },
});
const seconds = Number(args.seconds);
const callCounts = String(args.calls).split(',').map(Number);
const pacingSeconds = Number(args['pacing-seconds']);
const command = `npm run bench:phone -- --seconds ${seconds} --calls ${callCounts.join(',')} --pacing-seconds ${pacingSeconds}`;

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
console.log(`\nReproduce: ${command}\n`);
