import { lookup as dnsLookup } from 'node:dns/promises';
import {
  Agent,
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { type ErrorCode, PlatformError } from '@lifeosai/errors';
import type { EgressPolicy } from './egress-policy.ts';

/** Resolves a host name to its addresses (a seam for tests). */
export type Lookup = (host: string) => Promise<string[]>;

const defaultLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** What one sandbox's egress server needs. */
export interface EgressServerOptions {
  /** Unix socket path to listen on (bind-mounted into the sandbox). */
  readonly socketPath: string;
  readonly policy: EgressPolicy;
  /**
   * Where requests for the platform itself go (`http://127.0.0.1:4000`): origin-form requests
   * whose path starts with one of `platformPaths` are passed there unchanged.
   */
  readonly platformOrigin: string;
  /** Path prefixes of the platform a run may call (its API and the LLM proxy). */
  readonly platformPaths: ReadonlyArray<string>;
  /**
   * Serves those requests in this process instead (the Agent API's own request handler:
   * Fastify's `routing`), when the platform runs here: no loopback connection to
   * `platformOrigin` and back for every request and every streamed chunk of its answer. The
   * same routes answer, with the same checks of the run's tokens. Asked per request (undefined:
   * passed to `platformOrigin`), since the handler exists only once the service is built.
   */
  readonly platformHandler?: () => PlatformHandler | undefined;
  /** Called for every refused destination, for the log. */
  readonly onRefused?: (target: string, reason: string) => void;
  readonly lookup?: Lookup;
}

/** A Node request handler serving the platform's routes (Fastify's `app.routing`). */
export type PlatformHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** A running egress server. */
export interface EgressServer {
  /** Stops listening and ends every open connection and tunnel. Idempotent. */
  close(): Promise<void>;
}

/**
 * The host side of a sandbox's only way out. The sandbox has its own network namespace
 * with nothing but loopback; a small forwarder inside passes connections to this Unix
 * socket, where one HTTP server tells three kinds of request apart:
 * - `CONNECT host:port` (HTTPS and any TCP through `HTTPS_PROXY`, and the loopback tunnels):
 *   a tunnel, if the policy permits the resolved address;
 * - absolute-form `GET http://host/…` (plain HTTP through `HTTP_PROXY`): forwarded likewise;
 * - origin-form `POST /llm/…`, `GET /api/agent/…`: the platform itself (its API and LLM proxy,
 *   which check the run's tokens), and nothing else of it.
 * Addresses are resolved here and the connection goes to the address that was judged, so a
 * name that resolves differently a second time (DNS rebinding) cannot slip through.
 */
export async function startEgressServer(options: EgressServerOptions): Promise<EgressServer> {
  const lookup = options.lookup ?? defaultLookup;
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const platform = new URL(options.platformOrigin);
  // This sandbox's own connections: a connection one run left in a bad state (a body cut
  // short) can never be handed to another run's request by a process-wide pool.
  const agent = new Agent({ keepAlive: true });

  /** The address to connect to, or the reason it is refused. */
  const resolve = async (host: string, port: number): Promise<{ address: string } | { refused: string }> => {
    const name = host.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(name) ? [name] : await lookup(name);
    } catch {
      return { refused: `cannot resolve ${name}` };
    }
    const address = addresses.find((candidate) => options.policy.permits(name, candidate, port));
    if (address) return { address };
    return {
      refused: `${name}:${port} is on a private, loopback or link-local address, which runs may not reach (an operator can allow it with LIFEOSAI_SANDBOX_ALLOW)`,
    };
  };

  const server: Server = createHttpServer();
  server.on('connection', track);

  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    const target = parseAuthority(request.url ?? '');
    if (!target) {
      client.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    void resolve(target.host, target.port).then((decision) => {
      if ('refused' in decision) {
        options.onRefused?.(`${target.host}:${target.port}`, decision.refused);
        client.end(
          `HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${decision.refused}\n`,
        );
        return;
      }
      const upstream = connect({ host: decision.address, port: target.port });
      track(upstream);
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => {
        if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
        upstream.destroy();
      });
      client.once('close', () => upstream.destroy());
    });
  });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    if (/^https?:\/\//i.test(url)) {
      void forwardAbsolute(request, response, url);
      return;
    }
    if (options.platformPaths.some((prefix) => url.startsWith(prefix))) {
      const handler = options.platformHandler?.();
      if (handler) {
        // What `pass` drops on the way out, dropped here too: the platform sees the same request.
        delete request.headers['proxy-connection'];
        delete request.headers['proxy-authorization'];
        handler(request, response);
        return;
      }
      pass(request, response, agent, {
        host: platform.hostname,
        port: Number(platform.port || 80),
        path: url,
      });
      return;
    }
    refuse(
      response,
      'NOT_FOUND',
      `Only ${options.platformPaths.join(', ')} of the platform are reachable from a run.`,
    );
  });

  // No WebSocket or other upgrade through plain HTTP: clients tunnel those with CONNECT.
  server.on('upgrade', (_request: IncomingMessage, socket: Duplex) => socket.destroy());

  async function forwardAbsolute(
    request: IncomingMessage,
    response: ServerResponse,
    url: string,
  ): Promise<void> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      refuse(response, 'BAD_URL', 'The proxied URL is not valid.');
      return;
    }
    if (target.protocol !== 'http:') {
      refuse(
        response,
        'USE_CONNECT',
        'HTTPS goes through CONNECT (set HTTPS_PROXY), not as a plain request.',
      );
      return;
    }
    const port = Number(target.port || 80);
    const decision = await resolve(target.hostname, port);
    if ('refused' in decision) {
      options.onRefused?.(`${target.hostname}:${port}`, decision.refused);
      refuse(response, 'EGRESS_REFUSED', decision.refused);
      return;
    }
    pass(request, response, agent, {
      host: decision.address,
      port,
      path: `${target.pathname}${target.search}`,
      hostHeader: target.host,
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.socketPath, () => {
      server.off('error', reject);
      resolveListen();
    });
  });

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
        agent.destroy();
      });
      return closing;
    },
  };
}

/** Passes one request on, streaming both ways; hop-by-hop proxy headers are dropped. */
function pass(
  request: IncomingMessage,
  response: ServerResponse,
  agent: Agent,
  target: { host: string; port: number; path: string; hostHeader?: string },
): void {
  const {
    'proxy-connection': _proxyConnection,
    'proxy-authorization': _proxyAuthorization,
    ...headers
  } = request.headers;
  const upstream = httpRequest(
    {
      agent,
      host: target.host,
      port: target.port,
      method: request.method,
      path: target.path,
      headers: { ...headers, ...(target.hostHeader && { host: target.hostHeader }) },
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      response.flushHeaders();
      answer.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (!response.headersSent) refuse(response, 'UPSTREAM_UNAVAILABLE', 'The destination did not answer.');
    else response.destroy();
  });
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
}

function refuse(response: ServerResponse, code: ErrorCode, message: string): void {
  const error = new PlatformError(code, message);
  response.writeHead(error.status, { 'content-type': 'application/json', connection: 'close' });
  response.end(JSON.stringify(error.toBody()));
}

/** `host:port` or `[v6]:port` of a CONNECT request; undefined when malformed. */
function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1]!, port };
}
