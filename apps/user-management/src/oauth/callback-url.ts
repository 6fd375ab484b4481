/**
 * The redirect URI registered at a provider: `<public origin>/api/oauth/<provider>/callback`. The
 * web server forwards it to the gateway like every `/api/*` path.
 */
export function callbackUrl(publicOrigin: string, provider: string): string {
  return `${publicOrigin.replace(/\/+$/, '')}/api/oauth/${encodeURIComponent(provider)}/callback`;
}
