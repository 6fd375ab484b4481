/** Telegram HTML → the text a person would see (tags dropped, entities decoded): the fallback when Telegram cannot parse a part. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot);/gi, (entity, name: string) => {
      const lower = name.toLowerCase();
      if (lower.startsWith('#x')) return safeCodePoint(Number.parseInt(lower.slice(2), 16), entity);
      if (lower.startsWith('#')) return safeCodePoint(Number(lower.slice(1)), entity);
      return { lt: '<', gt: '>', amp: '&', quot: '"' }[lower] ?? entity;
    });
}

function safeCodePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}
