import { createServer } from 'node:net';

/**
 * Whether `port` on `host` can be bound right now. Binding is the only reliable test: a
 * connection attempt misses a socket bound but not yet accepting, and a wildcard bind by
 * another program.
 */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
