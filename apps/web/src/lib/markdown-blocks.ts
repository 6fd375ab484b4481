/**
 * Splits markdown into top-level blocks at blank lines outside code fences, so a streaming
 * answer re-renders only its last block: the blocks before it are finished text, each rendered
 * once and memoized. A trade-off named here: a reference-style link whose definition sits in
 * another block, and a loose list (items parted by blank lines), render block by block.
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker) {
      fence = marker;
    } else if (fence !== null && marker && marker[0] === fence[0] && marker.length >= fence.length) {
      fence = null;
    } else if (fence === null && line.trim() === '') {
      if (lineStart > start) blocks.push(text.slice(start, lineStart));
      start = lineEnd + 1;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks;
}

/**
 * The blocks joined into groups of at least `minLength` characters (the last group may be
 * shorter), each group rendered as one: a markdown renderer costs about the same for a short
 * block as for a few kilobytes, so thousands of tiny blocks cost far more than hundreds of
 * groups. A group depends only on the blocks before its end, so as the text grows the groups
 * before the last never change (and stay memoized).
 */
export function markdownGroups(text: string, minLength: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const block of markdownBlocks(text)) {
    current = current ? `${current}\n${block}` : block;
    if (current.length >= minLength) {
      groups.push(current);
      current = '';
    }
  }
  if (current) groups.push(current);
  return groups;
}
