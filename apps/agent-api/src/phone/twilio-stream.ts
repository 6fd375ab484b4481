import { defaultMaxCallSeconds } from '@lifeosai/api-contract';
import type { Call } from '@lifeosai/db';
import type { WebSocket } from 'ws';
import { getAgent } from '../domain/agents.ts';
import { finishCall } from '../domain/phone/call-records.ts';
import { callerCalled, callerSession } from '../domain/phone/caller-sessions.ts';
import { claimStreamToken } from '../domain/phone/calls.ts';
import type { CallHost } from './call-host.ts';
import { type CallSession, startCallSession } from './call-session.ts';
import { createTwilioLeg, type TwilioLeg } from './twilio-leg.ts';
import { parseTwilioMessage } from './twilio-messages.ts';

/** A stream that has not said `start` by then is closed. */
const startWithinMs = 10_000;
/** Media held while the call is being bound: about a second. */
const maxEarlyFrames = 50;
const hungUp = { status: 'completed', reason: 'the caller hung up' } as const;

/**
 * One Twilio media stream: `start` binds it to its call with the one-time token of the TwiML's
 * `<Parameter name="token">` (an unknown, used or expired token closes it, policy violation),
 * then the call runs on this instance until either side hangs up.
 */
export function serveTwilioStream(socket: WebSocket, host: CallHost): void {
  const { deps } = host;
  let phase: 'waiting' | 'binding' | 'live' = 'waiting';
  let leg: TwilioLeg | undefined;
  let session: CallSession | undefined;
  let gone = false;
  const early: string[] = [];
  const unbound = setTimeout(() => socket.close(1008, 'no start'), startWithinMs);

  const bind = async (streamSid: string, token: string | undefined) => {
    const call = token ? await claimStreamToken(deps.db, token, deps.instanceId) : undefined;
    if (!call) {
      deps.log.warn({ streamSid }, 'a Twilio stream came with an unknown, used or expired token');
      return socket.close(1008, 'unknown stream token');
    }
    try {
      await run(call, streamSid);
    } catch (error) {
      deps.log.error({ err: error, callId: call.id }, 'a Twilio call could not start');
      const how = { status: 'failed', reason: 'the call could not start on the platform' } as const;
      await finishCall(deps.db, call.id, { transcript: [], runIds: [], sessionId: call.sessionId }, how);
      socket.close(1011, 'call failed');
    }
  };

  const run = async (claimed: Call, streamSid: string) => {
    const call = { ...claimed, sessionId: await callerSession(deps.db, claimed.agentId, claimed.caller) };
    const agent = await getAgent(deps.db, call.orgId, call.agentId);
    const number = call.phoneNumberId
      ? await deps.db
          .selectFrom('phoneNumbers')
          .select('maxCallSeconds')
          .where('id', '=', call.phoneNumberId)
          .executeTakeFirst()
      : undefined;
    leg = createTwilioLeg(
      socket,
      { streamSid, rates: host.rates },
      { audio: (pcm) => session?.callerAudio(pcm), closed: () => undefined },
    );
    session = startCallSession({
      deps,
      call,
      leg,
      voice: host.voiceFor(call, agent.name),
      maxCallSeconds: number?.maxCallSeconds ?? defaultMaxCallSeconds,
      trigger: { kind: 'phone', by: call.caller },
      callerLabel: call.fromNumber,
      onEnded: () => host.release(call.id),
    });
    host.hold(call.id, session);
    phase = 'live';
    for (const payload of early.splice(0)) leg.media(payload);
    await callerCalled(
      deps.db,
      { agentId: call.agentId, caller: call.caller, phoneNumberId: call.phoneNumberId },
      'twilio',
    );
    if (gone) await session.end(hungUp);
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = parseTwilioMessage(data.toString());
    switch (message?.event) {
      case 'start':
        if (phase !== 'waiting') return;
        phase = 'binding';
        clearTimeout(unbound);
        void bind(message.streamSid, message.start.customParameters?.token);
        return;
      case 'media':
        if (leg) return leg.media(message.media.payload);
        if (phase === 'binding' && early.length < maxEarlyFrames) early.push(message.media.payload);
        return;
      case 'mark':
        return leg?.marked(message.mark.name);
      case 'stop':
        return void session?.end(hungUp);
    }
  });
  socket.on('close', () => {
    gone = true;
    clearTimeout(unbound);
    void session?.end(hungUp);
  });
  socket.on('error', (error) => deps.log.warn({ err: error }, 'a Twilio stream socket failed'));
}
