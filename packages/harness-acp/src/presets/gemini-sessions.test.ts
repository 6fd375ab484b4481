import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepGeminiSessions } from './gemini-sessions.ts';

const root = mkdtempSync(join(tmpdir(), 'gemini-sessions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('keepGeminiSessions (gemini-cli#28693)', () => {
  it('renames each minute-named recording out of the name a new recording would take, once', () => {
    const chats = join(root, '.gemini', 'tmp', 'project-1', 'chats');
    mkdirSync(chats, { recursive: true });
    writeFileSync(join(chats, 'session-2026-12-05T12-00-abcd1234.jsonl'), 'the conversation\n');
    writeFileSync(join(chats, 'session-2026-12-05T12-01-ffff0000.json'), 'an older format\n');
    writeFileSync(join(chats, 'notes.txt'), 'not a session\n');
    keepGeminiSessions(root);
    expect(readdirSync(chats).sort()).toEqual([
      'notes.txt',
      'session-kept-abcd1234.jsonl',
      'session-kept-ffff0000.json',
    ]);
    expect(readFileSync(join(chats, 'session-kept-abcd1234.jsonl'), 'utf8')).toBe('the conversation\n');

    // A load re-recorded the same session in a minute-named file: the kept one is not replaced.
    writeFileSync(join(chats, 'session-2026-12-05T12-02-abcd1234.jsonl'), 'an empty re-recording\n');
    keepGeminiSessions(root);
    expect(readFileSync(join(chats, 'session-kept-abcd1234.jsonl'), 'utf8')).toBe('the conversation\n');
  });

  it('does nothing, and does not throw, for a state dir without sessions', () => {
    expect(() => keepGeminiSessions(join(root, 'missing'))).not.toThrow();
  });
});
