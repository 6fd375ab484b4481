import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Api } from 'grammy';

/** A grammY `Api` on its own sockets, so a fresh one really is a new connection. */
export interface TelegramApi {
  api: Api;
  /** Closes this client's sockets (a held poll on them ends). */
  dispose(): void;
}

/**
 * grammY shares one keep-alive agent per API root across every bot in the process; after a
 * 409 that socket can stay attached to the conflicting session (OpenClaw looped on it), so
 * each client here owns its agent and a conflict replaces the whole client.
 */
export function createTelegramApi(token: string, apiRoot: string): TelegramApi {
  const agent = apiRoot.startsWith('https:')
    ? new HttpsAgent({ keepAlive: true })
    : new HttpAgent({ keepAlive: true });
  const api = new Api(token, {
    apiRoot: apiRoot.replace(/\/+$/, ''),
    // A long poll's own timeout is below this; it only bounds a call Telegram never answers.
    timeoutSeconds: 120,
    baseFetchConfig: { agent, ...(apiRoot.startsWith('https:') ? { compress: true } : {}) },
  });
  return { api, dispose: () => agent.destroy() };
}

type GrammySignal = Parameters<Api['getMe']>[0];

/** grammY types its signal with the `abort-controller` polyfill's type; Node's is the same at run time. */
export function grammySignal(signal: AbortSignal | undefined): GrammySignal {
  return signal as unknown as GrammySignal;
}
