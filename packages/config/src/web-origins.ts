/** Host names that reach this machine's loopback; a browser treats each as a different origin. */
const loopbackNames = ['127.0.0.1', 'localhost'];

/**
 * The origins the web app is served from, for CSRF/origin checks: the public URL (default
 * `http://127.0.0.1:<web port>`), its loopback twin when it is on loopback (someone who types
 * `localhost:3000` instead of `127.0.0.1:3000` must be able to sign in), then any extra trusted
 * origins. Without duplicates, in that order.
 */
export function webOrigins(webPort: number, publicUrl?: string, extra: readonly string[] = []): string[] {
  const primary = new URL(publicUrl ?? `http://127.0.0.1:${webPort}`);
  const origins = [primary.origin];
  if (loopbackNames.includes(primary.hostname)) {
    for (const name of loopbackNames) {
      const twin = new URL(primary.origin);
      twin.hostname = name;
      origins.push(twin.origin);
    }
  }
  origins.push(...extra);
  return [...new Set(origins)];
}
