import type { GoogleGenAI, LiveConnectConfig, LiveServerMessage, Session } from '@google/genai';
import { VoiceProviderError } from '@lifeosai/voice-spec';

/** How one live connection reports after its setup was accepted. */
export interface ConnectionHandlers {
  /** Every server message, in order (those before `setupComplete` included). */
  onMessage(message: LiveServerMessage): void;
  /** The socket closed after the setup was accepted (by either side). */
  onClose(code: number, reason: string): void;
}

/**
 * Opens one Gemini Live connection and resolves once the server answered the setup with
 * `setupComplete` (the SDK's `live.connect` alone never settles when the socket fails or closes
 * first, so the socket's own error and close decide). Rejects with `VoiceProviderError`: `auth`
 * for a refused key, `unreachable` when no connection opens in time, `refused` otherwise. The
 * key is in the SDK's URL (`?key=`): no SDK message is passed on without removing it.
 */
export function openConnection(
  ai: GoogleGenAI,
  request: { model: string; config: LiveConnectConfig; apiKey: string; timeoutMs: number },
  handlers: ConnectionHandlers,
): Promise<Session> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let failed = false;
    let opened = false;
    let socketError = '';
    const fail = (error: VoiceProviderError) => {
      if (settled) return;
      settled = true;
      failed = true;
      clearTimeout(timer);
      reject(error);
    };
    let socket: { close(): void } | undefined;
    const timer = setTimeout(() => {
      // The SDK keeps waiting for setupComplete forever: close its socket ourselves.
      closeSocket(socket);
      fail(
        new VoiceProviderError(
          opened ? 'refused' : 'unreachable',
          `Gemini Live did not ${opened ? 'accept the session setup' : 'answer'} within ${request.timeoutMs / 1000} s. Check GEMINI_LIVE_BASE_URL and the network, then call again.`,
        ),
      );
    }, request.timeoutMs);
    const connecting = withSocket(
      ai,
      (created) => {
        socket = created;
      },
      () =>
        ai.live.connect({
          model: request.model,
          config: request.config,
          callbacks: {
            onopen: () => {
              opened = true;
            },
            onmessage: (message) => {
              // Messages of an attempt that already failed (timed out) belong to no session.
              if (!failed) handlers.onMessage(message);
            },
            onerror: (event) => {
              socketError = redact(String((event as { message?: unknown }).message ?? ''), request.apiKey);
            },
            onclose: (event) => {
              if (!settled)
                fail(
                  closedBeforeSetup(
                    opened,
                    event.code,
                    redact(event.reason ?? '', request.apiKey),
                    socketError,
                  ),
                );
              else if (!failed) handlers.onClose(event.code, redact(event.reason ?? '', request.apiKey));
            },
          },
        }),
    );
    connecting.then(
      (session) => {
        if (settled) return session.close();
        settled = true;
        clearTimeout(timer);
        resolve(session);
      },
      (error: unknown) =>
        fail(
          new VoiceProviderError(
            'refused',
            `Gemini Live could not start the session: ${redact(error instanceof Error ? error.message : String(error), request.apiKey)}`,
          ),
        ),
    );
  });
}

/**
 * Runs `connect` while the SDK's (private) WebSocket factory hands us the socket it creates, the
 * only way to close a connection whose setup is never answered. The factory is called
 * synchronously inside `live.connect` for API keys, so it is restored right after.
 */
function withSocket<T>(ai: GoogleGenAI, onSocket: (socket: { close(): void }) => void, connect: () => T): T {
  const live = ai.live as unknown as { webSocketFactory?: { create(...args: unknown[]): { close(): void } } };
  const factory = live.webSocketFactory;
  if (!factory) return connect();
  live.webSocketFactory = {
    create: (...args) => {
      const socket = factory.create(...args);
      onSocket(socket);
      return socket;
    },
  };
  try {
    return connect();
  } finally {
    live.webSocketFactory = factory;
  }
}

function closeSocket(socket: { close(): void } | undefined): void {
  try {
    socket?.close();
  } catch {
    // Not connected yet or already closed.
  }
}

function closedBeforeSetup(
  opened: boolean,
  code: number,
  reason: string,
  socketError: string,
): VoiceProviderError {
  if (!opened) {
    const status = /Unexpected server response: (\d+)/.exec(socketError)?.[1];
    if (status === '401' || status === '403')
      return new VoiceProviderError(
        'auth',
        'Gemini Live refused the API key. Check the Gemini key, then call again.',
      );
    if (status)
      return new VoiceProviderError(
        'refused',
        `Gemini Live answered HTTP ${status} instead of opening the session. Check GEMINI_LIVE_BASE_URL.`,
      );
    return new VoiceProviderError(
      'unreachable',
      `Gemini Live could not be reached${socketError ? ` (${socketError})` : ''}. Check GEMINI_LIVE_BASE_URL and the network, then call again.`,
    );
  }
  if (/api key|unregistered callers|permission|unauthenticated|credential/i.test(reason))
    return new VoiceProviderError(
      'auth',
      `Gemini Live refused the API key (${reason}). Check the Gemini key, then call again.`,
    );
  return new VoiceProviderError(
    'refused',
    `Gemini Live closed the session before accepting it (code ${code}${reason ? `: ${reason}` : ''}). Check the model name and the voice settings.`,
  );
}

/** Removes the key (and any `key=` query value) from a text meant for logs, errors or events. */
export function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey ? text.split(apiKey).join('[key]') : text;
  return withoutKey.replace(/([?&](?:key|access_token)=)[^&\s'"]+/g, '$1[key]');
}
