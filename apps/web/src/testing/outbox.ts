import type { Page } from 'playwright-core';

/** What a mailed link is for (the auth service's `MailKind`). */
export type MailKind = 'email-verification' | 'password-reset' | 'organization-invitation';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signs an account up through the web origin, outside the browser, and returns its session
 * cookie. Called first on a fresh platform, it makes the instance admin — the one person who
 * can read the outbox.
 */
export async function signUpOperator(baseUrl: string, email = 'operator@example.com'): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ name: 'Operator', email, password: 'correct horse battery' }),
  });
  if (response.status !== 200)
    throw new Error(`operator sign-up: ${response.status} ${await response.text()}`);
  return cookieOf(response);
}

/**
 * The link of the newest `kind` mail to `to`, read from `GET /api/admin/outbox` with the
 * instance admin's cookie, the way the admin would pass it on. Waits a little: the auth
 * service records the message just after it answers.
 */
export async function outboxLink(
  baseUrl: string,
  adminCookie: string,
  to: string,
  kind: MailKind,
): Promise<string> {
  let last = '';
  for (let attempt = 0; attempt < 20; attempt++) {
    if (attempt > 0) await pause(250);
    const response = await fetch(`${baseUrl}/api/admin/outbox`, { headers: { cookie: adminCookie } });
    last = `${response.status} ${await response.text()}`;
    if (!response.ok) continue;
    const { items } = JSON.parse(last.slice(last.indexOf(' ') + 1)) as {
      items: { to: string; kind: string; url: string }[];
    };
    const mail = items.find((item) => item.to === to && item.kind === kind);
    if (mail) return mail.url;
  }
  throw new Error(`no ${kind} mail to ${to} in the outbox (last answer: ${last.slice(0, 500)})`);
}

/**
 * The same, on the Admin page of a browser signed in as the instance admin: the Outbox
 * section's field for that message, after pressing its Copy button. Leaves the page on /admin.
 */
export async function outboxLinkOnAdminPage(
  page: Page,
  baseUrl: string,
  to: string,
  kind: MailKind,
): Promise<string> {
  const label = {
    'email-verification': 'email verification',
    'password-reset': 'password reset',
    'organization-invitation': 'invitation',
  }[kind];
  await page.goto(`${baseUrl}/admin`);
  const copy = page.getByRole('button', { name: `Copy the ${label} link for ${to}` }).first();
  for (let attempt = 0; (await copy.count()) === 0; attempt++) {
    if (attempt >= 20) throw new Error(`no ${kind} mail to ${to} on the Admin page's outbox`);
    await pause(250);
    await page.getByRole('region', { name: 'Outbox' }).getByRole('button', { name: 'Refresh' }).click();
  }
  const item = page.getByTestId('outbox-mail').filter({ has: copy });
  const link = await item.getByRole('textbox').first().inputValue();
  await copy.click();
  await item.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
  return link;
}

/**
 * The link of the newest `kind` mail to `to` in the auth service's log (`LOG_LEVEL=info`):
 * where a local install's first admin finds their own verification link, before anyone can
 * read the outbox.
 */
export function terminalLink(output: string, to: string, kind: MailKind): string {
  const links = output
    .split('\n')
    .map((line) => line.slice(line.indexOf('{')))
    .flatMap((json) => {
      try {
        const entry = JSON.parse(json) as { mail?: { to?: string; kind?: string; url?: string } };
        return entry.mail?.to === to && entry.mail.kind === kind && entry.mail.url ? [entry.mail.url] : [];
      } catch {
        return [];
      }
    });
  if (links.length === 0) throw new Error(`no ${kind} link to ${to} in the platform's output`);
  return links.at(-1)!;
}

/** The `name=value` pairs of every `Set-Cookie`, as a `Cookie` header. */
export function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
}
