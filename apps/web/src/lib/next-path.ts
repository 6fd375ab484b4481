/**
 * Where to send a visitor after signing in or up (`?next=`), so a link that needed an account
 * (an invitation) picks up where it left off. Only a path on this site counts: anything that
 * could leave it (`//host`, `/\host`, `https://…`, control characters) is dropped, so the
 * parameter cannot be used to bounce someone to another site after they typed a password.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f]/.test(value)) return null;
  // Resolved against a stand-in origin, it must stay on that origin.
  const base = 'http://same.origin';
  try {
    return new URL(value, base).origin === base ? value : null;
  } catch {
    return null;
  }
}

/** `path` with `next` added to its query (`path` as is when there is none). */
export function withNext(path: string, next: string | null | undefined): string {
  if (!next) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ next })}`;
}
