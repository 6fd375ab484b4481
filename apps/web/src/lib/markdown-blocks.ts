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
