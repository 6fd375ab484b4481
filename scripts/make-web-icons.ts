/**
 * Draws the app's icons — the same mark as `public/icons/icon.svg` — as PNGs (192, 512, a
 * maskable 512, the 180 px apple-touch-icon) and `public/favicon.ico` (a 32 px PNG inside), with
 * node:zlib and no image library: `node scripts/make-web-icons.ts`. The outputs are
 * committed; run it again only when the mark changes.
 *
 * The mark: a white ring with a dot on it (an agent on its heartbeat) on the accent colour.
 * Shapes are given in a 0–1 box and sampled 4×4 per pixel, for smooth edges.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const accent = [0x33, 0x46, 0xd3] as const;
const white = [0xff, 0xff, 0xff] as const;

interface Mark {
  /** Corner radius of the background, as a share of the side (0: full bleed, for maskable). */
  corner: number;
  /** The mark's size inside the icon (maskable icons keep it in the 80 % safe zone). */
  scale: number;
}

/** Whether a point of the 0–1 box is on the mark (white). */
function markAt(x: number, y: number, scale: number): boolean {
  const cx = (x - 0.5) / scale;
  const cy = (y - 0.5) / scale;
  const distance = Math.hypot(cx, cy);
  const ring = distance > 0.24 && distance < 0.32;
  const dot = Math.hypot(cx - 0.2, cy + 0.2) < 0.1;
  const core = distance < 0.09;
  return ring || dot || core;
}

function insideBackground(x: number, y: number, corner: number): boolean {
  if (corner === 0) return true;
  const nearestX = Math.min(Math.max(x, corner), 1 - corner);
  const nearestY = Math.min(Math.max(y, corner), 1 - corner);
  return Math.hypot(x - nearestX, y - nearestY) <= corner;
}

function drawRgba(size: number, mark: Mark): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let background = 0;
      let foreground = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (!insideBackground(x, y, mark.corner)) continue;
          background++;
          if (markAt(x, y, mark.scale)) foreground++;
        }
      }
      const total = samples * samples;
      const offset = (py * size + px) * 4;
      const share = background === 0 ? 0 : foreground / background;
      for (let channel = 0; channel < 3; channel++) {
        pixels[offset + channel] = Math.round(accent[channel]! * (1 - share) + white[channel]! * share);
      }
      pixels[offset + 3] = Math.round((background / total) * 255);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGBA PNG. */
function png(size: number, mark: Mark): Buffer {
  const rgba = drawRgba(size, mark);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  // Each row starts with filter type 0 (none).
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding one PNG image (every browser since IE 11 reads PNG inside ICO). */
function ico(image: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, image]);
}

const rounded: Mark = { corner: 0.22, scale: 1 };
const publicDir = new URL('../apps/web/public/', import.meta.url);
const outputs: Array<[string, Buffer]> = [
  ['icons/icon-192.png', png(192, rounded)],
  ['icons/icon-512.png', png(512, rounded)],
  ['icons/icon-maskable-512.png', png(512, { corner: 0, scale: 0.8 })],
  // iOS rounds the corners itself and shows transparency as black: full bleed.
  ['icons/apple-touch-icon.png', png(180, { corner: 0, scale: 0.9 })],
  ['favicon.ico', ico(png(32, rounded), 32)],
];
for (const [name, bytes] of outputs) {
  writeFileSync(new URL(name, publicDir), bytes);
  process.stdout.write(`${name}: ${bytes.length} bytes\n`);
}
