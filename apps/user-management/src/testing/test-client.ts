// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the tests' assertions, not by types.
export type JsonBody = any;

export interface TestResponse {
  status: number;
  headers: Headers;
  json: JsonBody;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  form?: FormData;
  /** A raw body, sent as it is (set its `content-type` in `headers`). */
  raw?: Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/**
 * A browser stand-in: a cookie jar, the web app's `Origin` on every request (as a page on the
 * web app would send), JSON in and out. `apiKey` switches it to `Authorization: Bearer` instead
 * of cookies.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  apiKey: string | undefined;

  readonly baseUrl: string;
  readonly origin: string;

  constructor(baseUrl: string, origin: string) {
    this.baseUrl = baseUrl;
    this.origin = origin;
  }

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** The credentials this client sends (cookie or API key), for raw `fetch` calls. */
  credentialHeaders(): Record<string, string> {
    if (this.apiKey) return { authorization: `Bearer ${this.apiKey}` };
    const cookie = this.cookieHeader();
    return cookie ? { cookie } : {};
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = {
      origin: this.origin,
      ...this.credentialHeaders(),
      ...options.headers,
    };
    let body: FormData | string | Uint8Array<ArrayBuffer> | undefined;
    if (options.form) body = options.form;
    else if (options.raw) body = options.raw;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (/max-age=0/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    let json: JsonBody;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, body: unknown = {}) {
    return this.request('POST', path, { body });
  }

  put(path: string, body: unknown) {
    return this.request('PUT', path, { body });
  }

  patch(path: string, body: unknown) {
    return this.request('PATCH', path, { body });
  }

  delete(path: string, body?: unknown) {
    return this.request('DELETE', path, body === undefined ? {} : { body });
  }

  upload(path: string, name: string, content: string | Uint8Array<ArrayBuffer>, type = 'text/plain') {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), name);
    return this.request('POST', path, { form });
  }
}
