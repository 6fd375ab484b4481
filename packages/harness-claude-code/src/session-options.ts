import type { Options } from '@anthropic-ai/claude-agent-sdk';
import { type SessionState, UnsupportedFeatureError } from '@lifeosai/harness-spec';

/**
 * What a continue-interrupted run sends as its user message. Claude Code already has the
 * interrupted turn's prompt in the transcript, and re-sending it would make the model see
 * the request twice; a short note asks it to finish the turn instead.
 */
export const CONTINUE_PROMPT =
  'Your previous reply was interrupted before it finished. Continue the task from where it stopped, without repeating work that is already done.';

/** How a run opens its native session. */
export interface SessionPlan {
  /** The SDK options that select the session. */
  readonly options: Pick<Options, 'resume' | 'forkSession' | 'resumeSessionAt'>;
  /** The user message to send; undefined for the run's own prompt. */
  readonly prompt?: string;
  /** Native session whose recorded cost totals this run's figures start from. */
  readonly totalsFrom?: string;
}

/**
 * Maps the platform's session state to SDK options:
 * - `new`: a fresh session;
 * - `resume`: `resume`, the prompt is the next turn;
 * - `fork`: `resume` + `forkSession` (+ `resumeSessionAt` to branch at a message);
 * - `continue-interrupted`: `resume` + `resumeSessionAt` at the last persisted message, which
 *   drops the half-written tail, and `CONTINUE_PROMPT` instead of the original prompt.
 * Throws `UnsupportedFeatureError` for a kind this harness does not know (a programmer error).
 */
export function planSession(session: SessionState, harnessId: string): SessionPlan {
  switch (session.kind) {
    case 'new':
      return { options: {} };
    case 'resume':
      return { options: { resume: session.nativeSessionId }, totalsFrom: session.nativeSessionId };
    case 'fork':
      return {
        options: {
          resume: session.nativeSessionId,
          forkSession: true,
          ...(session.atMessageId ? { resumeSessionAt: session.atMessageId } : {}),
        },
        totalsFrom: session.nativeSessionId,
      };
    case 'continue-interrupted':
      return {
        options: {
          resume: session.nativeSessionId,
          ...(session.lastMessageId ? { resumeSessionAt: session.lastMessageId } : {}),
        },
        prompt: CONTINUE_PROMPT,
        totalsFrom: session.nativeSessionId,
      };
    default:
      throw new UnsupportedFeatureError(harnessId, (session as { kind: string }).kind);
  }
}
