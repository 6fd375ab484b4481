import { platformSocketVariables } from '@lifeosai/harness-spec';
import { EnvHttpProxyAgent, install, Pool, setGlobalDispatcher } from 'undici';

/**
 * In a sandbox, the platform's address (its LLM proxy and API, `http://127.0.0.1:<port>`) is a
 * listener of the sandbox's init, which relays every byte to the egress socket the launcher
 * names in `LIFEOSAI_PLATFORM_SOCKET`. A streamed model answer passes that relay chunk by chunk —
 * a wake-up of one more Node process per chunk, about a third of the CPU a streaming Pi run uses
 * (ADR 0032). This runner connects to the socket itself instead, for requests to that origin
 * only; every other destination goes as before (the proxy variables, loopback direct).
 *
 * Fetch and its dispatcher come from the same undici (the npm package Pi itself uses), as Pi's
 * own CLI installs them: Node's bundled fetch on another undici's dispatcher is not supported.
 * Returns whether it was set up (no: not in a sandbox that names a socket).
 */
export function connectPlatformDirectly(env: NodeJS.ProcessEnv = process.env): boolean {
  const socketPath = env[platformSocketVariables.socket];
  const originText = env[platformSocketVariables.origin];
  if (!socketPath || !originText) return false;
  const platform = new URL(originText).origin;
  setGlobalDispatcher(
    new EnvHttpProxyAgent({
      // Each origin's connections: the platform's over the socket, the rest as undici makes them.
      factory: (origin, options) =>
        new Pool(origin, new URL(String(origin)).origin === platform ? { ...options, socketPath } : options),
    }),
  );
  install();
  return true;
}
