/** The line under a table's header: `|---|:---:|`. */
export const TABLE_DIVIDER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

/**
 * A markdown table (header, rows; the divider line left out) → aligned monospace text, since
 * Telegram has no tables. Cells lose their inline markup (it would show as symbols in `<pre>`).
 * Returns plain text; the caller escapes it.
 */
export function renderTable(rows: string[]): string {
  const cells = rows.map(splitRow);
  const columns = Math.max(...cells.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...cells.map((row) => width(row[column] ?? ''))),
  );
  const format = (row: string[]) =>
    widths
      .map((size, column) => {
        const cell = row[column] ?? '';
        return cell + ' '.repeat(size - width(cell));
      })
      .join(' │ ')
      .trimEnd();
  const divider = widths.map((size) => '─'.repeat(size)).join('─┼─');
  return [format(cells[0]!), divider, ...cells.slice(1).map(format)].join('\n');
}

function splitRow(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => stripInline(cell.trim().replace(/\\\|/g, '|')));
}

function stripInline(cell: string): string {
  return cell
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[^\w])[*_]([^*_]+)[*_](?=[^\w]|$)/g, '$1$2');
}

function width(text: string): number {
  return [...text].length;
}
