import QRCode from 'qrcode';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { qrPath, quietZone } from '../../lib/qr-path.ts';
import { QrCode } from './QrCode.tsx';

/** The dark modules a path draws, back as "row,col" (inside the quiet zone). */
function darkModules(d: string): Set<string> {
  return new Set(
    [...d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${+m[2]! - quietZone},${+m[1]! - quietZone}`),
  );
}

describe('the login QR code', () => {
  const login = '2@AbCdEf0123456789+/=,Xy9wVuTsRqPo,ZmFrZS1rZXk=,c29tZS1zZWNyZXQ=';

  it('draws exactly the symbol qrcode encodes, inside a quiet zone', () => {
    const { d, size } = qrPath(login);
    const { modules } = QRCode.create(login, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size + 2 * quietZone);
    const drawn = darkModules(d);
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        expect(drawn.has(`${row},${col}`), `module ${row},${col}`).toBe(Boolean(modules.get(row, col)));
      }
    }
    // The three finder patterns' outer corners are dark: a phone can find the symbol.
    const last = modules.size - 1;
    for (const corner of ['0,0', `0,${last}`, `${last},0`]) expect(drawn.has(corner)).toBe(true);
  });

  it('renders as a labelled SVG image, a new value replacing the old drawing', () => {
    const first = renderToStaticMarkup(createElement(QrCode, { value: login, label: 'Scan with WhatsApp' }));
    expect(first).toMatch(/^<svg role="img" aria-label="Scan with WhatsApp"/);
    expect(first).toContain(`d="${qrPath(login).d}"`);
    const next = renderToStaticMarkup(
      createElement(QrCode, { value: `${login}2`, label: 'Scan with WhatsApp' }),
    );
    expect(next).not.toContain(`d="${qrPath(login).d}"`);
    expect(next).toContain(`d="${qrPath(`${login}2`).d}"`);
  });
});
