import { type CallTranscriptLine, nowIso } from '@lifeosai/db';

type Role = CallTranscriptLine['role'];

/**
 * A call's transcript as it is spoken: the voice streams each side's words in pieces; a side's
 * pieces make one line, closed when that side's turn ends (`final`), when the caller interrupts
 * the agent, or when the call ends. A line is stamped with the time its first piece came.
 */
export class CallTranscript {
  /** The closed lines, oldest first. */
  readonly lines: CallTranscriptLine[] = [];
  private readonly open = new Map<Role, { text: string; at: string }>();

  /** A piece of one side's words; `final` closes that side's line. */
  piece(role: Role, text: string, final: boolean): void {
    const line = this.open.get(role) ?? { text: '', at: nowIso() };
    line.text += text;
    this.open.set(role, line);
    if (final) this.close(role);
  }

  /** Closes one side's open line (or both); a line of only spaces is dropped. */
  close(role?: Role): void {
    for (const side of role ? [role] : ([...this.open.keys()] as Role[])) {
      const line = this.open.get(side);
      this.open.delete(side);
      const text = line?.text.replace(/\s+/g, ' ').trim();
      if (line && text) this.lines.push({ role: side, text, at: line.at });
    }
  }
}
