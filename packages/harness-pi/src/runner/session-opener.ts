import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionManager } from '@earendil-works/pi-coding-agent';
import type { RunnerOptions } from '../shared/ipc-protocol.ts';
import { pi } from './pi-sdk.ts';

/** The session a run works in, and whether there is a turn to run at all. */
export interface OpenedSession {
  readonly manager: SessionManager;
  /**
   * How to drive the turn: `prompt` appends the user message; `continue` finishes the
   * transcript's unfinished turn without a new message; `nothing` means the interrupted
   * turn had in fact completed.
   */
  readonly drive: 'prompt' | 'continue' | 'nothing';
}

/** A native session the platform named does not exist (or was never written). */
export class SessionNotFoundError extends Error {}

/**
 * Opens the session a `SessionState` names under `sessionDir`, one JSONL file per session.
 * Resume and continue reopen the file in place; fork copies it into a new session (whole,
 * or up to an entry), leaving the original untouched.
 */
export function openSession(options: RunnerOptions): OpenedSession {
  const { cwd, sessionDir, session } = options;
  switch (session.kind) {
    case 'new':
      return { manager: pi.SessionManager.create(cwd, sessionDir), drive: 'prompt' };
    case 'resume':
      return {
        manager: pi.SessionManager.open(sessionFile(sessionDir, session.nativeSessionId), sessionDir, cwd),
        drive: 'prompt',
      };
    case 'fork': {
      const source = sessionFile(sessionDir, session.nativeSessionId);
      if (session.atMessageId === undefined) {
        return { manager: pi.SessionManager.forkFrom(source, cwd, sessionDir), drive: 'prompt' };
      }
      const manager = pi.SessionManager.open(source, sessionDir, cwd);
      if (manager.getEntry(session.atMessageId) === undefined) {
        throw new SessionNotFoundError(
          `message ${session.atMessageId} is not in Pi session ${session.nativeSessionId}`,
        );
      }
      // Switches the manager to a new session file holding the path up to that entry.
      manager.createBranchedSession(session.atMessageId);
      return { manager, drive: 'prompt' };
    }
    case 'continue-interrupted': {
      const manager = pi.SessionManager.open(
        sessionFile(sessionDir, session.nativeSessionId),
        sessionDir,
        cwd,
      );
      if (session.lastMessageId !== undefined && manager.getEntry(session.lastMessageId) !== undefined) {
        // The platform has events up to this entry; redoing what follows keeps its record and
        // the model's context the same.
        manager.branch(session.lastMessageId);
      }
      return { manager, drive: prepareContinuation(manager) };
    }
  }
}

/**
 * The file of a native session. Pi names files `<timestamp>_<sessionId>.jsonl`; matching
 * the name (rather than `SessionManager.findById`, which also requires the header's cwd to
 * equal the current one) keeps a session reachable if the workspace path changed.
 */
function sessionFile(sessionDir: string, sessionId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(sessionId))
    throw new SessionNotFoundError(`invalid Pi session id ${sessionId}`);
  let files: string[] = [];
  try {
    files = readdirSync(sessionDir);
  } catch {
    // No session was ever written for this agent.
  }
  const file = files.find((name) => name.endsWith(`_${sessionId}.jsonl`));
  if (file === undefined) throw new SessionNotFoundError(`Pi session ${sessionId} was not found`);
  return join(sessionDir, file);
}

interface TranscriptMessage {
  role: string;
  stopReason?: string;
  toolCallId?: string;
  content?: unknown;
}

const interruptedToolText =
  'The run was interrupted before this tool call finished, so its outcome is unknown. ' +
  'Check the current state before calling it again.';

/**
 * Makes an interrupted transcript continuable, as Pi's `agent.continue()` requires (the
 * last message must be a user message or a tool result): drops failed or aborted attempts
 * at the end, and answers tool calls that never got a result with an error result, so
 * the model decides whether to call them again.
 */
function prepareContinuation(manager: SessionManager): OpenedSession['drive'] {
  for (;;) {
    const leaf = manager.getLeafEntry();
    if (leaf === undefined) return 'nothing';
    const message = leaf.type === 'message' ? (leaf.message as TranscriptMessage) : undefined;
    if (message?.role !== 'assistant') break;
    if (message.stopReason !== 'error' && message.stopReason !== 'aborted') break;
    if (leaf.parentId === null) manager.resetLeaf();
    else manager.branch(leaf.parentId);
  }
  const messages = manager.buildSessionContext().messages as TranscriptMessage[];
  const lastAssistant = messages.findLastIndex((message) => message.role === 'assistant');
  if (lastAssistant >= 0) {
    const answered = new Set(messages.slice(lastAssistant + 1).map((message) => message.toolCallId));
    const calls = Array.isArray(messages[lastAssistant]!.content)
      ? (messages[lastAssistant]!.content as Array<{ type: string; id?: string; name?: string }>)
      : [];
    for (const call of calls) {
      if (call.type !== 'toolCall' || call.id === undefined || answered.has(call.id)) continue;
      manager.appendMessage({
        role: 'toolResult',
        toolCallId: call.id,
        toolName: call.name ?? 'unknown',
        content: [{ type: 'text', text: interruptedToolText }],
        isError: true,
        timestamp: Date.now(),
      });
    }
  }
  // Pi keeps the system prompt as a transcript message; only the conversation decides.
  const last = (manager.buildSessionContext().messages as TranscriptMessage[]).findLast(
    (message) => message.role !== 'system',
  );
  if (last === undefined || last.role === 'assistant') return 'nothing';
  return 'continue';
}
