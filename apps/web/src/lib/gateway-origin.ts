/**
 * The user-management gateway's origin, where the web server sends `/api/*` (HTTP through the
 * route handler, WebSocket upgrades through the server): `LIFEOSAI_USER_MANAGEMENT_URL` when set
 * (an https origin: a Cloud Run service, deploy/terraform), else `LIFEOSAI_USER_MANAGEMENT_HOST`
 * (default loopback) and `LIFEOSAI_USER_MANAGEMENT_PORT` (default 3001), as the supervisor sets them.
 */
export function gatewayOrigin(env: Record<string, string | undefined> = process.env): string {
  const url = env.LIFEOSAI_USER_MANAGEMENT_URL?.trim();
  if (url) return new URL(url).origin;
  const host = env.LIFEOSAI_USER_MANAGEMENT_HOST ?? '127.0.0.1';
  const port = env.LIFEOSAI_USER_MANAGEMENT_PORT ?? '3001';
  return `http://${host}:${port}`;
}
