import type { CallServerMessage } from '@lifeosai/api-contract';

/** A piece of the live transcript as the bridge sends it. */
type TranscriptPiece = Extract<CallServerMessage, { type: 'transcript' }>;

/** One line of the live transcript: a side's turn, its pieces joined. */
export interface CallLine {
  role: 'caller' | 'agent';
  text: string;
  /** The turn is over (its last piece said so, or the caller spoke over the agent). */
  final: boolean;
  /** The agent was cut off by the caller (barge-in) before it finished. */
  interrupted?: boolean;
}

/**
 * Adds a piece to the transcript: it continues that side's open turn (the other side may have
 * spoken meanwhile: both transcribe at once), or opens a new one. Final lines are kept as they
 * are. An empty piece only closes a turn.
 */
export function addTranscriptPiece(lines: readonly CallLine[], piece: TranscriptPiece): CallLine[] {
  let open = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i]!.role === piece.role && !lines[i]!.final) {
      open = i;
      break;
    }
  }
  if (open === -1) {
    if (piece.text.trim() === '') return [...lines];
    return [...lines, { role: piece.role, text: piece.text, final: piece.final }];
  }
  const next = [...lines];
  const line = next[open]!;
  next[open] = { ...line, text: line.text + piece.text, final: piece.final };
  return next;
}

/** The caller spoke over the agent: its open turn ends here, marked as cut off. */
export function interruptAgent(lines: readonly CallLine[]): CallLine[] {
  return lines.map((line) =>
    line.role === 'agent' && !line.final ? { ...line, final: true, interrupted: true } : line,
  );
}
