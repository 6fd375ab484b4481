import type { Call } from '@lifeosai/db';
import { WebSocketServer } from 'ws';
import { getAgent } from '../domain/agents.ts';
import { findCall } from '../domain/phone/calls.ts';
import { closeAbandonedCalls } from '../recovery/abandoned-calls.ts';
import type { CallHost } from './call-host.ts';
import type { CallSession } from './call-session.ts';
import { routeUpgrade } from './call-upgrades.ts';
import { callVoiceProvider, type LiveVoice, openLiveVoice } from './live-voice.ts';
import type { PhoneRuntime } from './phone-runtime.ts';
import { defaultPhoneLimits, type PhoneRuntimeDeps } from './runtime-deps.ts';
import { voiceInstructions, voiceTools } from './voice-instructions.ts';

/** The bridge as the service holds it: the routes' interface plus what tests look at. */
export interface PhoneRuntimeService extends PhoneRuntime {
  /** The calls this instance holds now. */
  localCallIds(): string[];
}

/** The largest WebSocket message either side may send (a Twilio frame is ~300 bytes, a browser's ~1 KiB). */
const maxMessageBytes = 256 * 1024;
/** The rates of a provider that cannot be found (its calls end at once, `VOICE_NOT_CONFIGURED`). */
const fallbackRates = { input: 16_000, output: 24_000 };

/**
 * The phone bridge: holds the calls whose sockets reach this instance (Twilio media streams,
 * browser call sockets), each joined to a live voice session with the agent behind it, and
 * closes calls an instance that died left open.
 */
export function createPhoneRuntime(deps: PhoneRuntimeDeps): PhoneRuntimeService {
  const limits = { ...defaultPhoneLimits, ...deps.limits };
  const prepared = new Map<string, { voice: Promise<LiveVoice>; timer: NodeJS.Timeout }>();
  const calls = new Map<string, CallSession>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  let recovery: NodeJS.Timeout | undefined;
  let stopped = false;

  const openVoice = (call: Call, agentName: string) =>
    openLiveVoice(deps, call.orgId, {
      instructions: voiceInstructions({ agentName, source: call.source, callerName: call.fromNumber }),
      tools: voiceTools,
    });
  const closeQuietly = (voice: Promise<LiveVoice>) =>
    void voice.then((opened) => opened.session.close()).catch(() => undefined);

  const host: CallHost = {
    deps: { ...deps, limits },
    rates: (() => {
      try {
        const { formats } = callVoiceProvider(deps).provider;
        return { input: formats.input.sampleRate, output: formats.output.sampleRate };
      } catch {
        return fallbackRates;
      }
    })(),
    voiceFor(call, agentName) {
      const ready = prepared.get(call.id);
      if (!ready) return openVoice(call, agentName);
      prepared.delete(call.id);
      clearTimeout(ready.timer);
      return ready.voice;
    },
    hold: (callId, session) => calls.set(callId, session),
    release: (callId) => calls.delete(callId),
  };

  return {
    prepare(admitted) {
      if (stopped || prepared.has(admitted.callId)) return;
      const voice = (async () => {
        const call = await findCall(deps.db, admitted.callId);
        if (!call) throw new Error(`call ${admitted.callId} is not stored`);
        const agent = await getAgent(deps.db, admitted.orgId, admitted.agentId);
        return openVoice(call, agent.name);
      })();
      // Its stream (or nobody) sees a failure: the stream's call ends politely with it.
      voice.catch(() => undefined);
      const timer = setTimeout(() => {
        if (prepared.get(admitted.callId)?.voice !== voice) return;
        prepared.delete(admitted.callId);
        closeQuietly(voice);
      }, limits.preparedTtlMs);
      timer.unref();
      prepared.set(admitted.callId, { voice, timer });
    },

    attach(server) {
      server.on('upgrade', (request, socket, head) => {
        if (stopped) return socket.destroy();
        void routeUpgrade(host, sockets, request, socket, head);
      });
      const recover = () =>
        void closeAbandonedCalls(deps.db, limits.staleCallMs).catch((error: unknown) =>
          deps.log.error({ err: error }, 'closing abandoned calls failed'),
        );
      recovery = setInterval(recover, Math.max(1_000, limits.staleCallMs / 3));
      recovery.unref();
      recover();
    },

    async stop() {
      stopped = true;
      clearInterval(recovery);
      for (const [callId, { voice, timer }] of prepared) {
        clearTimeout(timer);
        prepared.delete(callId);
        closeQuietly(voice);
      }
      await Promise.all(
        [...calls.values()].map((session) =>
          session.end({ status: 'failed', reason: 'the platform stopped while the call was in progress' }),
        ),
      );
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },

    localCallIds: () => [...calls.keys()],
  };
}
