/**
 * Answers the `npm run fake-llm` server gives by hand command, for trying the chat's
 * rendering: markdown of every kind the web app renders, and a long text to stream slowly.
 */

/** GitHub-flavoured markdown with headings, emphasis, lists, a task list, a table, code and links. */
export const MARKDOWN_SAMPLE = [
  '# A heading',
  '',
  'Some **bold**, some *italic*, some ~~struck~~ text and `inline code`.',
  '',
  '## Lists',
  '',
  '- one',
  '- two',
  '  - nested',
  '',
  '1. first',
  '2. second',
  '',
  '- [x] a done task',
  '- [ ] an open task',
  '',
  '## A table',
  '',
  '| Harness | Language | Resumes |',
  '| --- | --- | :---: |',
  '| Claude Code | TypeScript | yes |',
  '| Pi | TypeScript | yes |',
  '',
  '## Code',
  '',
  '```ts',
  'export function greet(name: string): string {',
  "  return 'Hello, ' + name + '!';",
  '}',
  '```',
  '',
  '> A quote, and a link: [the example site](https://example.com) and https://example.org.',
  '',
  '<script>alert("raw HTML is never run")</script>',
].join('\n');

/** About `words` words of plain prose, numbered by sentence so a reader sees where a stream is. */
export function longText(words: number): string {
  const sentences: string[] = [];
  let count = 0;
  for (let index = 1; count < words; index++) {
    sentences.push(`Sentence ${index} of a long answer streamed slowly, word by word.`);
    count += 10;
  }
  return sentences.join(' ');
}
