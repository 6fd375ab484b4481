/** One message the local-mode mailbox kept (`GET /api/auth/dev/last-email`). */
export interface DevMail {
  kind: 'email-verification' | 'password-reset' | 'organization-invitation';
  to: string;
  subject: string;
  /** The action link; a credential, shown only to this machine. */
  url: string;
  /** ISO time it was sent. */
  sentAt: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The newest `kind` message to `to` sent at or after `since` (epoch ms), waiting a little for
 * it: the auth service may hand a message over just after it answered. `null` when there is
 * none, or when this browser is not on the machine the platform runs on (403).
 */
export async function waitForDevMail(
  to: string,
  kind: DevMail['kind'],
  since = 0,
  options: { attempts?: number; delayMs?: number; signal?: AbortSignal } = {},
): Promise<DevMail | null> {
  const attempts = options.attempts ?? 12;
  const query = new URLSearchParams({ to, kind });
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await pause(options.delayMs ?? 250);
    if (options.signal?.aborted) return null;
    const response = await fetch(`/api/auth/dev/last-email?${query}`, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: options.signal,
    }).catch(() => null);
    if (!response) continue;
    if (response.status === 403) return null;
    if (!response.ok) continue;
    const mail = (await response.json().catch(() => null)) as DevMail | null;
    // A second of slack: the service's clock and this one are the same machine's, but rounded.
    if (mail && typeof mail.url === 'string' && Date.parse(mail.sentAt) >= since - 1000) return mail;
  }
  return null;
}
