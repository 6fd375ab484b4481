import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[\w.:-]{8,128}$/;

/**
 * A request's id: the web tier's `x-request-id` when it looks like one (so one id follows a
 * request through web → gateway → upstream logs), otherwise a fresh UUID. Anything else a
 * client sends there is ignored, so it cannot forge log lines.
 */
export function requestIdFrom(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
