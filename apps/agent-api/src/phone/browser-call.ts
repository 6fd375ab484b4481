import { callClientMessageSchema, defaultMaxCallSeconds } from '@lifeosai/api-contract';
import type { Agent } from '@lifeosai/db';
import type { WebSocket } from 'ws';
import { browserCaller, callerCalled, callerSession } from '../domain/phone/caller-sessions.ts';
import { createCall } from '../domain/phone/calls.ts';
import type { Identity } from '../http/identity.ts';
import { createBrowserLeg } from './browser-leg.ts';
import type { CallHost } from './call-host.ts';
import { type CallSession, startCallSession } from './call-session.ts';

/** Who calls from the browser, checked before the socket was accepted. */
export interface BrowserCaller {
  identity: Identity;
  agent: Agent;
  /** A session the person may read, to continue; absent: the one their calls continue. */
  sessionId?: string;
}

const hungUp = { status: 'completed', reason: 'the caller hung up' } as const;

/**
 * A call from the web app's Call button (`@lifeosai/api-contract` `call-socket.ts`): a
 * `browser` call row, `ready` once the voice is open, then the call until either side hangs up.
 */
export async function serveBrowserCall(socket: WebSocket, host: CallHost, caller: BrowserCaller) {
  const { deps } = host;
  const { identity, agent } = caller;
  const key = browserCaller(identity.userId);
  let session: CallSession | undefined;
  let gone = false;
  socket.on('close', () => {
    gone = true;
    void session?.end(hungUp);
  });
  socket.on('error', (error) => deps.log.warn({ err: error }, 'a browser call socket failed'));
  const name = identity.name ?? identity.userId;
  const { call } = await createCall(deps.db, {
    orgId: identity.orgId,
    agentId: agent.id,
    source: 'browser',
    phoneNumberId: null,
    externalId: null,
    caller: key,
    fromNumber: name,
    toNumber: null,
    userId: identity.userId,
    sessionId: caller.sessionId ?? (await callerSession(deps.db, agent.id, key)),
    status: 'in_progress',
    instanceId: deps.instanceId,
  });
  await callerCalled(deps.db, { agentId: agent.id, caller: key, phoneNumberId: null }, 'browser');
  const leg = createBrowserLeg(
    socket,
    { rates: host.rates },
    { audio: (pcm) => session?.callerAudio(pcm), closed: () => undefined },
  );
  // `ready` goes before the voice's first words (this runs before the call listens to it).
  const voice = host.voiceFor(call, agent.name).then((opened) => {
    leg.tell({ type: 'ready', callId: call.id, sessionId: call.sessionId, sampleRates: host.rates });
    return opened;
  });
  session = startCallSession({
    deps,
    call,
    leg,
    voice,
    maxCallSeconds: defaultMaxCallSeconds,
    trigger: { kind: 'phone', by: identity.userId, ...(identity.name && { byName: identity.name }) },
    callerLabel: identity.name ? `${identity.name} (${identity.userId})` : identity.userId,
    onEnded: () => host.release(call.id),
  });
  host.hold(call.id, session);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return leg.microphone(data as Buffer);
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (callClientMessageSchema.safeParse(parsed).data?.type === 'hangup') void session?.end(hungUp);
  });
  if (gone) await session.end(hungUp);
}
