import type { RunTrigger } from '@lifeosai/api-contract';
import type { Call, CallVoiceUsage } from '@lifeosai/db';
import { isPlatformError } from '@lifeosai/errors';
import type { VoiceEvent } from '@lifeosai/voice-spec';
import {
  type CallEnd,
  type CallProgress,
  finishCall,
  saveCallProgress,
} from '../domain/phone/call-records.ts';
import { askAgent } from './agent-questions.ts';
import type { CallLeg } from './call-leg.ts';
import { CallTranscript } from './call-transcript.ts';
import type { LiveVoice } from './live-voice.ts';
import type { PhoneLimits, PhoneRuntimeDeps } from './runtime-deps.ts';
import { askAgentTool, endCallTool, voiceNotices } from './voice-instructions.ts';

/** What one call is made of. */
export interface CallSessionInput {
  deps: PhoneRuntimeDeps & { limits: PhoneLimits };
  call: Call;
  leg: CallLeg;
  /** The live voice, open or opening (a rejection ends the call, its reason in words). */
  voice: Promise<LiveVoice>;
  maxCallSeconds: number;
  /** Who asks the agent, as its runs record it. */
  trigger: RunTrigger;
  /** The caller as the agent's prompt names them. */
  callerLabel: string;
  /** The call is over and recorded (the runtime forgets it). */
  onEnded(): void;
}

/** A call in progress, as its leg and the runtime reach it. */
export interface CallSession {
  /** Caller audio, PCM16 at the voice's input rate (held until the voice is open). */
  callerAudio(pcm: Int16Array): void;
  /** Ends the call now: recorded first, then the caller's side hung up, then the voice closed. */
  end(end: CallEnd): Promise<void>;
}

/** Caller audio held while the voice opens: about a second at 16 kHz in 20 ms frames. */
const maxHeldFrames = 50;

/**
 * One call: joins the caller's leg and the live voice, answers the voice's tools (the agent
 * behind `ask_agent`, `end_call`), keeps the record (transcript, runs, usage), and ends the
 * call politely on a goodbye, at the number's time limit, or when the voice or the agent fails.
 */
export function startCallSession(input: CallSessionInput): CallSession {
  const { deps, call, leg } = input;
  const { limits, log } = deps;
  const transcript = new CallTranscript();
  const runIds: string[] = [];
  const session = { id: call.sessionId };
  const stop = new AbortController();
  const timers: NodeJS.Timeout[] = [];
  const cancelled = new Set<string>();
  const turnWaiters: Array<() => void> = [];
  const held: Int16Array[] = [];
  let voice: LiveVoice | undefined;
  let usage: CallVoiceUsage | undefined;
  let questions: Promise<unknown> = Promise.resolve();
  /** Why the call must end, once something failed: its goodbye then records this. */
  let failure: string | undefined;
  /** Why the call ends when the voice hangs up without a failure. */
  let goodbye = 'the call ended with a goodbye';
  let closing = false;
  let ended = false;

  const progress = (): CallProgress => ({
    transcript: [...transcript.lines].sort((a, b) => a.at.localeCompare(b.at)),
    runIds,
    sessionId: session.id,
    ...(voice &&
      usage && {
        voice: { provider: voice.providerId, usage, costUsd: voice.provider.costUsd(usage) },
      }),
  });
  const report = (step: string) => (error: unknown) =>
    log.error({ err: error, callId: call.id, step }, 'phone call step failed');

  const end = async (how: CallEnd) => {
    if (ended) return;
    ended = true;
    stop.abort();
    for (const timer of timers.splice(0)) clearTimeout(timer);
    for (const waiter of turnWaiters.splice(0)) waiter();
    transcript.close();
    // The record first: Twilio asks what to say next (`<Connect action>`) once the stream closes.
    await finishCall(deps.db, call.id, progress(), how).catch(report('record the end'));
    leg.hangUp(how.reason, how.status === 'failed');
    await voice?.session.close().catch(report('close the voice'));
    log.info({ callId: call.id, status: how.status, reason: how.reason }, 'phone call ended');
    input.onEnded();
  };

  /** Lets the model finish its turn and the caller hear it, then ends the call. */
  const hangUpAfterGoodbye = async (how: CallEnd) => {
    if (closing || ended) return;
    closing = true;
    await new Promise<void>((resolve) => {
      turnWaiters.push(resolve);
      timers.push(setTimeout(resolve, 3_000));
    });
    leg.endOfTurn();
    await leg.drained(limits.drainTimeoutMs);
    await end(how);
  };

  const failed = (reason: string) => {
    failure ??= reason;
    timers.push(
      setTimeout(() => void hangUpAfterGoodbye({ status: 'failed', reason }), limits.failureGraceMs),
    );
  };

  const ask = (id: string, question: string) => {
    leg.thinking(true);
    questions = questions
      .then(() =>
        askAgent(
          deps,
          { call, trigger: input.trigger, callerLabel: input.callerLabel, session },
          { id, text: question },
          {
            signal: stop.signal,
            onRun: (run) => {
              if (!runIds.includes(run.id)) runIds.push(run.id);
              leg.thinking(true, run.id);
              void saveCallProgress(deps.db, call.id, progress()).catch(report('record a run'));
            },
            onPermissionRequest: () => voice?.session.sendText(voiceNotices.waitingForApproval),
          },
        ),
      )
      .then((answer) => {
        if (!answer || ended) return;
        leg.thinking(false, answer.runId);
        if (cancelled.has(id)) return;
        if (answer.ok) {
          voice?.session.sendToolResult({
            id,
            name: askAgentTool,
            result: { answer: answer.text },
            scheduling: 'when_idle',
          });
          return;
        }
        voice?.session.sendToolResult({
          id,
          name: askAgentTool,
          result: { error: voiceNotices.agentFailed },
          scheduling: 'interrupt',
        });
        failed(answer.reason);
      })
      .catch((error: unknown) => {
        report('ask the agent')(error);
        if (ended) return;
        leg.thinking(false);
        voice?.session.sendToolResult({
          id,
          name: askAgentTool,
          result: { error: voiceNotices.agentFailed },
          scheduling: 'interrupt',
        });
        failed('the platform could not reach the agent');
      });
  };

  const onToolCall = (event: Extract<VoiceEvent, { type: 'tool_call' }>) => {
    if (event.name === askAgentTool) {
      const question = typeof event.args.question === 'string' ? event.args.question.trim() : '';
      if (question) return ask(event.id, question);
    }
    if (event.name === endCallTool) {
      voice?.session.sendToolResult({
        id: event.id,
        name: event.name,
        result: { ok: true },
        scheduling: 'silent',
      });
      return void hangUpAfterGoodbye(
        failure ? { status: 'failed', reason: failure } : { status: 'completed', reason: goodbye },
      );
    }
    voice?.session.sendToolResult({
      id: event.id,
      name: event.name,
      result: {
        error: `Unknown tool "${event.name}" or missing arguments; use ask_agent with a question, or end_call.`,
      },
    });
  };

  const onEvent = (event: VoiceEvent) => {
    if (ended) return;
    switch (event.type) {
      case 'audio':
        return leg.play(event.pcm);
      case 'transcript':
        transcript.piece(event.role, event.text, event.final);
        return leg.transcript(event.role, event.text, event.final);
      case 'tool_call':
        return onToolCall(event);
      case 'tool_call_cancelled':
        for (const id of event.ids) cancelled.add(id);
        return;
      case 'interrupted':
        transcript.close('agent');
        return leg.clear();
      case 'turn_complete':
        transcript.close('agent');
        leg.endOfTurn();
        for (const waiter of turnWaiters.splice(0)) waiter();
        return;
      case 'usage':
        usage = event.usage;
        return;
      case 'going_away':
      case 'resumed':
        log.info({ callId: call.id, event: event.type }, 'phone call voice session moves');
        return;
      case 'closed':
        return void end({
          status: 'failed',
          reason: event.error
            ? `the voice model failed: ${event.error}`
            : 'the voice model ended the session',
        });
    }
  };

  input.voice.then(
    (opened) => {
      if (ended) return void opened.session.close().catch(report('close the voice'));
      voice = opened;
      opened.listen((event) => {
        try {
          onEvent(event);
        } catch (error) {
          report(`voice event ${event.type}`)(error);
        }
      });
      for (const pcm of held.splice(0)) opened.session.sendAudio(pcm);
      opened.session.sendText(voiceNotices.connected);
    },
    (error: unknown) =>
      void end({
        status: 'failed',
        reason: isPlatformError(error)
          ? error.message
          : `the voice model could not be reached: ${(error as Error).message}`,
      }),
  );

  timers.push(
    setTimeout(() => {
      goodbye = `the call reached its maximum length (${input.maxCallSeconds} s)`;
      voice?.session.sendText(voiceNotices.timeIsUp);
      timers.push(
        setTimeout(() => void end({ status: 'completed', reason: goodbye }), limits.goodbyeGraceMs),
      );
    }, input.maxCallSeconds * 1000),
  );
  const renew = setInterval(() => {
    void saveCallProgress(deps.db, call.id, progress())
      .then((holding) => {
        if (!holding) void end({ status: 'failed', reason: 'the call was closed by another instance' });
      })
      .catch(report('renew the call'));
  }, limits.renewEveryMs);
  stop.signal.addEventListener('abort', () => clearInterval(renew));

  return {
    callerAudio(pcm) {
      if (ended) return;
      if (voice) return voice.session.sendAudio(pcm);
      held.push(pcm);
      if (held.length > maxHeldFrames) held.shift();
    },
    end,
  };
}
