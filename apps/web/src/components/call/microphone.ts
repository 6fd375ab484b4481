import type { MicrophoneProblem } from '../../lib/call-words.ts';

/** Where the microphone's AudioWorklet is served from (apps/web/public). */
const workletUrl = '/call-microphone-worklet.js';

/** How long one microphone frame is: 20 ms, what realtime voice models are fed in. */
const frameMs = 20;

/** The microphone could not be opened: `problem` says why (the panel says what to do). */
export class MicrophoneError extends Error {
  readonly problem: MicrophoneProblem;
  constructor(problem: MicrophoneProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/**
 * Asks for the microphone with the browser's echo cancellation (the agent's voice comes out of
 * the same device), noise suppression and gain control. Throws `MicrophoneError`.
 */
export async function requestMicrophone(): Promise<MediaStream> {
  if (!window.isSecureContext) {
    throw new MicrophoneError('insecure', 'the page is not on HTTPS (or localhost)');
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('unsupported', 'this browser gives no page a microphone');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
  } catch (caught) {
    const name = caught instanceof DOMException ? caught.name : '';
    const message = caught instanceof Error ? caught.message : String(caught);
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new MicrophoneError('refused', message);
    if (name === 'NotFoundError' || name === 'OverconstrainedError')
      throw new MicrophoneError('missing', message);
    if (name === 'NotReadableError' || name === 'AbortError') throw new MicrophoneError('busy', message);
    throw new MicrophoneError('unsupported', message);
  }
}

/** The microphone feeding the call: stop it when the call ends. */
export interface MicrophoneFeed {
  stop(): void;
}

/**
 * Streams `stream` through the worklet: `onFrame` gets each 20 ms frame as PCM16 little-endian
 * mono at `targetRate` (an ArrayBuffer the caller owns). The worklet brings the context's rate
 * (the device's, usually 48 kHz) to `targetRate` itself.
 */
export async function feedMicrophone(
  context: AudioContext,
  stream: MediaStream,
  targetRate: number,
  onFrame: (frame: ArrayBuffer) => void,
): Promise<MicrophoneFeed> {
  await context.audioWorklet.addModule(workletUrl);
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'call-microphone', {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount: 1,
    channelCountMode: 'explicit',
    processorOptions: { targetRate, frameSamples: Math.round((targetRate * frameMs) / 1000) },
  });
  node.port.onmessage = (event: MessageEvent<ArrayBuffer>) => onFrame(event.data);
  source.connect(node);
  return {
    stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
