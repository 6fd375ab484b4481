// The bridge's own audio work per call, without sockets: what `bench/phone.ts` reports as the
// codec + resampling + framing share, and how many calls' pacers one event loop keeps on time.

import { frameTiming } from '@lifeosai/testkit/fake-twilio';
import { FramePacer, mulawToPcm16, pcm16ToMulaw, Resampler, sine } from '@lifeosai/voice-audio';

/** Caller audio as Twilio sends it: 20 ms μ-law frames in JSON `media` messages. */
function twilioMediaMessages(seconds: number): string[] {
  const mulaw = pcm16ToMulaw(sine(300, 8000, seconds * 1000, 6000));
  const messages: string[] = [];
  for (let offset = 0; offset < mulaw.length; offset += 160) {
    const payload = Buffer.from(mulaw.subarray(offset, offset + 160)).toString('base64');
    messages.push(JSON.stringify({ event: 'media', streamSid: 'MZ0', media: { payload } }));
  }
  return messages;
}

/** Model audio as Gemini Live sends it: PCM16 24 kHz in 40 ms chunks. */
function modelChunks(seconds: number): Int16Array[] {
  const pcm = sine(220, 24_000, seconds * 1000, 9000);
  const chunks: Int16Array[] = [];
  for (let offset = 0; offset < pcm.length; offset += 960) chunks.push(pcm.subarray(offset, offset + 960));
  return chunks;
}

/** One call's audio path in both directions, as the bridge does it per message. */
function callPipeline(sendFrame: (message: string) => void, leadFrames: number) {
  const inbound = new Resampler(8000, 16_000);
  const outbound = new Resampler(24_000, 8000);
  const pacer = new FramePacer({
    frameBytes: 160,
    leadFrames,
    send: (frame) =>
      sendFrame(
        JSON.stringify({
          event: 'media',
          streamSid: 'MZ0',
          media: { payload: Buffer.from(frame).toString('base64') },
        }),
      ),
  });
  return {
    /** Twilio → model: parse, base64, μ-law decode, 8 → 16 kHz. */
    hear(message: string): Int16Array {
      const parsed = JSON.parse(message) as { media: { payload: string } };
      return inbound.push(mulawToPcm16(new Uint8Array(Buffer.from(parsed.media.payload, 'base64'))));
    },
    /** Model → Twilio: 24 → 8 kHz, μ-law encode, framing and pacing, base64, JSON. */
    speak(chunk: Int16Array): void {
      pacer.push(pcm16ToMulaw(outbound.push(chunk)));
    },
    pacer,
  };
}

/** CPU milliseconds one call's audio path costs per second of audio each way, and calls per core. */
export function measurePipelineCpu(seconds: number): { cpuMsPerAudioSecond: number; callsPerCore: number } {
  const incoming = twilioMediaMessages(seconds);
  const outgoing = modelChunks(seconds);
  let sink = 0;
  // Frames go out at once here (lead without bound): this measures work, not waiting.
  const call = callPipeline((message) => {
    sink += message.length;
  }, Number.POSITIVE_INFINITY);
  for (let warm = 0; warm < 50; warm++) call.hear(incoming[warm] as string);
  const before = process.cpuUsage();
  for (const message of incoming) sink += call.hear(message).length;
  for (const chunk of outgoing) call.speak(chunk);
  const used = process.cpuUsage(before);
  call.pacer.stop();
  if (sink === 0) throw new Error('the pipeline produced nothing');
  const cpuMsPerAudioSecond = (used.user + used.system) / 1000 / seconds;
  // A call carries a second of audio each way every second.
  return { cpuMsPerAudioSecond, callsPerCore: 1000 / cpuMsPerAudioSecond };
}

/**
 * `calls` calls at once on this event loop, each hearing 20 ms frames and speaking model audio
 * that arrives in bursts ahead of real time, paced out by its own FramePacer (3 frames lead):
 * how evenly do the frames leave?
 */
export async function measurePacingAtScale(calls: number, seconds: number) {
  const sendTimes: number[][] = [];
  const incoming = twilioMediaMessages(seconds);
  const outgoing = modelChunks(seconds);
  const pipelines = Array.from({ length: calls }, () => {
    const times: number[] = [];
    sendTimes.push(times);
    return callPipeline(() => times.push(performance.now()), 3);
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await new Promise<void>((resolve) => {
    let tick = 0;
    // Every 20 ms each call hears a frame; every 100 ms the model sends 200 ms of speech (Gemini
    // streams faster than real time) until its turn is out.
    const timer = setInterval(() => {
      for (const pipeline of pipelines) {
        const message = incoming[tick];
        if (message) pipeline.hear(message);
        if (tick % 5 === 0)
          for (const chunk of outgoing.slice((tick / 5) * 5, (tick / 5) * 5 + 5)) pipeline.speak(chunk);
      }
      tick++;
      if (tick >= incoming.length) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  await Promise.all(pipelines.map((pipeline) => pipeline.pacer.idle()));
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - started;
  for (const pipeline of pipelines) pipeline.pacer.stop();
  const intervals = sendTimes.flatMap((times) =>
    times.slice(4).map((at, index) => at - (times[index + 3] as number)),
  );
  // Frame n of a call should start playing at first + n·20 ms: one sent after that is a gap the
  // caller hears (the 3 frames of lead were used up).
  const lateness = sendTimes.flatMap((times) => times.map((at, n) => at - ((times[0] as number) + n * 20)));
  return {
    calls,
    frames: lateness.length,
    ...frameTiming(intervals),
    underruns: lateness.filter((late) => late > 0).length,
    worstLatenessMs: Math.max(...lateness),
    cpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
  };
}

/**
 * The share of one core this process gets when it wants all of it (a 1 s busy loop): on a
 * machine shared with other work, pacing results are only as good as this.
 */
export function availableCpuShare(): number {
  const started = performance.now();
  const before = process.cpuUsage();
  while (performance.now() - started < 1000) {
    // Spin: the point is to ask for the whole core.
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (performance.now() - started);
}
