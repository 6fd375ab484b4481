/**
 * A browser's cookie store, reduced to what these tests need: one origin, cookies set by
 * `Set-Cookie` (each header line on its own), replaced by name, removed when expired or
 * `Max-Age=0`, and sent back as one `Cookie` header.
 */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; expiresAt?: number }>();

  /** Takes every `Set-Cookie` of a response. */
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) this.#storeLine(line);
  }

  /** The `Cookie` header a browser would send now (undefined when empty). */
  header(): string | undefined {
    const now = Date.now();
    const pairs: string[] = [];
    for (const [name, cookie] of this.#cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) this.#cookies.delete(name);
      else pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length > 0 ? pairs.join('; ') : undefined;
  }

  /** The value of one cookie, if present. */
  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  names(): string[] {
    return [...this.#cookies.keys()];
  }

  #storeLine(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [key = '', ...rest] = attribute.split('=');
      const attributeValue = rest.join('=').trim();
      if (key.trim().toLowerCase() === 'max-age') expiresAt = Date.now() + Number(attributeValue) * 1000;
      else if (key.trim().toLowerCase() === 'expires' && expiresAt === undefined) {
        expiresAt = Date.parse(attributeValue);
      }
    }
    if (value === '' || (expiresAt !== undefined && expiresAt <= Date.now())) this.#cookies.delete(name);
    else this.#cookies.set(name, { value, ...(expiresAt !== undefined && { expiresAt }) });
  }
}
