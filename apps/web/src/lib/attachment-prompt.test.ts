import { describe, expect, it } from 'vitest';
import { formatBytes, promptWithAttachments, splitAttachments } from './attachment-prompt.ts';

const photo = { name: 'cat.png', size: 2048, contentType: 'image/png', path: 'attachments/0a1b2c3d-cat.png' };
const notes = {
  name: 'notes "v2".txt',
  size: 12,
  contentType: 'text/plain',
  path: 'attachments/ffee0011-notes v2.txt',
};

describe('attachment lines in a prompt', () => {
  it('tells the agent where each file is, and reads back to the same text and files', () => {
    const prompt = promptWithAttachments('What is in these?', [photo]);
    expect(prompt).toBe(
      'What is in these?\n[Attached file "cat.png" (2048 bytes, image/png): read it at attachments/0a1b2c3d-cat.png in your workspace]',
    );
    expect(splitAttachments(prompt)).toEqual({ text: 'What is in these?', attachments: [photo] });
  });

  it('keeps a message without attachments whole, and a file with no text', () => {
    expect(splitAttachments('plain\n\n  text')).toEqual({ text: 'plain\n\n  text', attachments: [] });
    const only = promptWithAttachments('', [photo]);
    expect(splitAttachments(only)).toEqual({ text: '', attachments: [photo] });
  });

  it('drops quotes from a name so the line stays one line the agent can read', () => {
    const prompt = promptWithAttachments('x', [notes]);
    expect(prompt).toContain('"notes v2.txt"');
    expect(splitAttachments(prompt).attachments).toEqual([{ ...notes, name: 'notes v2.txt' }]);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(12_600)).toBe('12.3 KB');
    expect(formatBytes(1_300_000)).toBe('1.2 MB');
  });
});
