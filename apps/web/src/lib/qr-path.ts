import QRCode from 'qrcode';

/** Blank modules around the symbol, as the QR specification asks, so phones find its edges. */
export const quietZone = 4;

/**
 * A QR code for `text` as one SVG path (one unit square per dark module) and the side of its
 * view box (the symbol plus the quiet zone on each side). Drawn by React as plain SVG elements,
 * so no markup string is ever injected into the page.
 */
export function qrPath(text: string): { d: string; size: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) parts.push(`M${col + quietZone} ${row + quietZone}h1v1h-1z`);
    }
  }
  return { d: parts.join(''), size: modules.size + 2 * quietZone };
}
