import { CookieJar } from './cookie-jar.ts';

export interface AuthClientOptions {
  /** Sent as `x-forwarded-for` on every request (what a proxy in front would add). */
  forwardedFor?: string;
  /** More headers on every request (the gateway's service token and client address, say). */
  headers?: Record<string, string>;
}

/**
 * A browser stand-in for the auth service: one cookie jar, the page's `Origin` on every
 * request (better-auth checks it on credentialed POSTs), JSON in and out, redirects not
 * followed (tests look at each hop).
 */
export class AuthClient {
  readonly jar = new CookieJar();
  readonly #baseUrl: string;
  readonly #options: AuthClientOptions;

  constructor(baseUrl: string, options: AuthClientOptions = {}) {
    this.#baseUrl = baseUrl;
    this.#options = options;
  }

  async request(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = {
      origin: this.#baseUrl,
      ...this.#options.headers,
      ...init.headers,
    };
    const cookie = this.jar.header();
    if (cookie) headers.cookie = cookie;
    if (this.#options.forwardedFor) headers['x-forwarded-for'] = this.#options.forwardedFor;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, this.#baseUrl), {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: 'manual',
    });
    this.jar.store(response);
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    // biome-ignore lint/suspicious/noExplicitAny: test convenience, bodies are asserted field by field
    return { status: response.status, headers: response.headers, json: json as any, text };
  }

  post(path: string, body: unknown = {}) {
    return this.request(path, { method: 'POST', body });
  }

  get(path: string) {
    return this.request(path);
  }

  signUp(user: { name: string; email: string; password: string }) {
    return this.post('/api/auth/sign-up/email', user);
  }

  signIn(credentials: { email: string; password: string }) {
    return this.post('/api/auth/sign-in/email', credentials);
  }

  async session() {
    return (await this.get('/api/auth/get-session')).json;
  }
}
