/**
 * Which native session a run works in. The native ids come from earlier events'
 * `native` field, which the platform stores with its own session.
 *
 * Why resuming a session and continuing an interrupted turn are different states
 * (HarnessV1 draws the same line):
 * - **resume**: the previous run finished its turn. The transcript is complete; the
 *   harness reopens it and `prompt` starts the *next* turn.
 * - **continue-interrupted**: the previous run died mid-turn (worker crash, deploy,
 *   restart). Its user prompt is already in the transcript, possibly followed by a
 *   half-written reply or a tool call without a result. The harness must finish *that*
 *   turn without appending the prompt again, or the model sees the request twice. Work in
 *   flight at the interruption may be redone (Claude: resume at `lastMessageId`, dropping
 *   the partial tail; Pi: reopen the session file and `continue()`).
 * Conflating the two either duplicates the prompt or silently drops the unfinished turn.
 */
export type SessionState = NewSession | ResumeSession | ForkSession | ContinueInterruptedSession;

/** Start a fresh native session. Its id appears on the `system`/`init` event's `native.sessionId`. */
export interface NewSession {
  /** Discriminator. */
  readonly kind: 'new';
}

/** Reopen a finished native session; `prompt` is the next turn. Needs `capabilities.resume`. */
export interface ResumeSession {
  /** Discriminator. */
  readonly kind: 'resume';
  /** The native session to reopen. */
  readonly nativeSessionId: string;
}

/**
 * Copy a native session's history into a new native session and continue there, leaving
 * the original untouched (e.g. "retry from here", two agents from one conversation).
 * Needs `capabilities.fork`.
 */
export interface ForkSession {
  /** Discriminator. */
  readonly kind: 'fork';
  /** The native session to copy. */
  readonly nativeSessionId: string;
  /** Fork after this native message (`native.messageId`); absent to copy the whole history. */
  readonly atMessageId?: string;
}

/**
 * Finish the turn an earlier run left unfinished; `prompt` is that turn's prompt, given
 * only for harnesses that must re-send it, which must then first remove it from the
 * transcript. Needs `capabilities.interruptContinue`.
 */
export interface ContinueInterruptedSession {
  /** Discriminator. */
  readonly kind: 'continue-interrupted';
  /** The native session holding the unfinished turn. */
  readonly nativeSessionId: string;
  /** The platform run that was interrupted, for the harness's own bookkeeping and messages. */
  readonly interruptedRunId: string;
  /**
   * Native id of the last message the platform persisted from the interrupted run; the
   * harness may drop whatever the transcript holds after it. Absent when none arrived.
   */
  readonly lastMessageId?: string;
}
