import { useMemo } from 'react';
import { qrPath } from '../../lib/qr-path.ts';

/**
 * The login QR code WhatsApp shows on the phone's "Link a device" screen asks to scan, drawn as
 * SVG (sharp at any size, dark on white whatever the theme: phones read dark modules on light).
 */
export function QrCode({ value, label }: { value: string; label: string }) {
  const { d, size } = useMemo(() => qrPath(value), [value]);
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${size} ${size}`}
      width="264"
      height="264"
      shapeRendering="crispEdges"
      data-testid="login-qr"
      data-qr={value}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
