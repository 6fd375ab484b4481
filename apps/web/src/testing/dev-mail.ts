/**
 * The link of the newest mail of `kind` to `to`, read from the local-mode mailbox the way the
 * person would open it from their inbox (`GET /api/auth/dev/last-email`, this machine only).
 * Waits a little: the auth service may record the message just after it answered.
 */
export async function mailedLink(
  baseUrl: string,
  to: string,
  kind: 'organization-invitation' | 'email-verification',
): Promise<string> {
  const query = new URLSearchParams({ to, kind });
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const response = await fetch(`${baseUrl}/api/auth/dev/last-email?${query}`);
    last = `${response.status} ${await response.text()}`;
    if (!response.ok) continue;
    const mail = JSON.parse(last.slice(last.indexOf(' ') + 1)) as { url?: unknown };
    if (typeof mail.url === 'string') return mail.url;
  }
  throw new Error(`no ${kind} mail to ${to} in the local mailbox (last answer: ${last})`);
}

/** The link of the newest invitation mail to `to`. */
export function invitationLink(baseUrl: string, to: string): Promise<string> {
  return mailedLink(baseUrl, to, 'organization-invitation');
}
