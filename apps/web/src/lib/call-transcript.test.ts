import { describe, expect, it } from 'vitest';
import { addTranscriptPiece, type CallLine, interruptAgent } from './call-transcript.ts';

const piece = (role: 'caller' | 'agent', text: string, final = false) =>
  ({ type: 'transcript', role, text, final }) as const;

describe('the live call transcript', () => {
  it('joins the pieces of a turn and keeps final lines as they are', () => {
    let lines: CallLine[] = [];
    lines = addTranscriptPiece(lines, piece('caller', 'What is'));
    lines = addTranscriptPiece(lines, piece('caller', ' the weather?', true));
    lines = addTranscriptPiece(lines, piece('agent', 'Sunny'));
    lines = addTranscriptPiece(lines, piece('agent', ', 20 degrees.', true));
    lines = addTranscriptPiece(lines, piece('caller', 'Thanks', true));
    expect(lines).toEqual([
      { role: 'caller', text: 'What is the weather?', final: true },
      { role: 'agent', text: 'Sunny, 20 degrees.', final: true },
      { role: 'caller', text: 'Thanks', final: true },
    ]);
  });

  it('continues each side on its own line while both speak', () => {
    let lines: CallLine[] = [];
    lines = addTranscriptPiece(lines, piece('agent', 'Let me'));
    lines = addTranscriptPiece(lines, piece('caller', 'Wait'));
    lines = addTranscriptPiece(lines, piece('agent', ' check.', true));
    lines = addTranscriptPiece(lines, piece('caller', ' a moment', true));
    expect(lines.map((line) => line.text)).toEqual(['Let me check.', 'Wait a moment']);
  });

  it('an empty final piece closes the open turn and opens nothing', () => {
    const open = addTranscriptPiece([], piece('caller', 'Hello'));
    expect(addTranscriptPiece(open, piece('caller', '', true))).toEqual([
      { role: 'caller', text: 'Hello', final: true },
    ]);
    expect(addTranscriptPiece([], piece('agent', '  ', true))).toEqual([]);
  });

  it('barge-in closes the agent open turn as cut off, not the caller', () => {
    let lines = addTranscriptPiece([], piece('agent', 'The forecast for'));
    lines = addTranscriptPiece(lines, piece('caller', 'Stop'));
    expect(interruptAgent(lines)).toEqual([
      { role: 'agent', text: 'The forecast for', final: true, interrupted: true },
      { role: 'caller', text: 'Stop', final: false },
    ]);
  });
});
