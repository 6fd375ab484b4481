/**
 * Browser end to end for the account flows and permission prompts: the real platform
 * (auth, agent-api, user-management, the web app) against the fake LLM, in Debian's Chromium.
 * - Sign up → the verification link → sign out → forgot password → the reset link → new
 *   password → sign in. Local mode has no mail server: the pages never show a link (the same
 *   answer for an unknown address); the instance admin reads it from the outbox.
 * - The Microsoft button when configured (without: `email-verification.e2e.test.ts`).
 * - A Pi agent whose policy asks: the request is a card in the chat; Allow runs the tool,
 *   Deny (with a reason, from the keyboard) tells the model why; a reload shows both answers.
 * Screenshots go to test-artifacts/web/ (`auth-*`, `perm-*`).
 */
import { type FakeLlm, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, signUp, watchPageErrors } from './testing/browser.ts';
import { alerts } from './testing/form-page.ts';
import { outboxLink, signUpOperator } from './testing/outbox.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

const oldPassword = 'correct horse battery';
const newPassword = 'staple gun 2 reset';
const denyReason = 'no shell commands today';

let fake: FakeLlm;
let platform: Platform;
let browser: Browser;
/** The instance admin's session cookie: the first account, the one who reads the outbox. */
let operator: string;

/** The last message of a model request, as JSON: where the tool result (or refusal) is. */
function lastMessage(body: Record<string, unknown>): string {
  const messages = body.messages as unknown[] | undefined;
  return JSON.stringify(messages?.at(-1) ?? null);
}

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  fake.on(
    (call) =>
      call.lastUserText.includes('PERMTEST') &&
      call.toolNames.includes('bash') &&
      !call.lastMessageIsToolResult,
    () => toolCall({ name: 'bash', input: { command: 'echo perm-ok-7' }, text: 'I need to run a command.' }),
  );
  fake.on(
    (call) => call.lastMessageIsToolResult && call.toolNames.length > 0,
    (call) =>
      lastMessage(call.body).includes(denyReason)
        ? text(`Understood, I did not run it (${denyReason}).`)
        : lastMessage(call.body).includes('perm-ok-7')
          ? text('The command printed perm-ok-7.')
          : text('The tool gave something unexpected.'),
  );
  platform = await startPlatform({
    llmUrl: fake.url,
    extraEnv: { MICROSOFT_CLIENT_ID: 'ms-client-e2e', MICROSOFT_CLIENT_SECRET: 'ms-secret-e2e' },
  });
  operator = await signUpOperator(platform.webUrl);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await fake?.close();
}, 60_000);

async function withPage(
  prefix: string,
  viewport: { width: number; height: number },
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  watchPageErrors(page, errors);
  try {
    await body(page);
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, prefix, '99-failure').catch(() => undefined);
    throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
  } finally {
    await context.close();
  }
}

/** No link on the page, ever: only where it went (no mail server here). */
async function expectNoLinkShown(page: Page) {
  await page.getByTestId('outbox-notice').waitFor();
  expect(await page.getByTestId('outbox-notice').textContent()).toContain('the link is not emailed');
  const html = await page.content();
  expect(html).not.toMatch(/verify-email\?token=|reset-password\/[\w-]{8,}|accept-invitation\?id=/);
}

/**
 * The verification mail sign-up sent: the page says where it went, and the link — from the
 * instance admin's outbox — verifies; then a broken link lands on the same page with the
 * failure and a way to get a new one.
 */
async function verifyEmail(page: Page, prefix: string, email: string, resend: boolean) {
  const base = platform.webUrl;
  await page.goto(`${base}/verify-email?${new URLSearchParams({ email, sent: '1' })}`);
  await expectNoLinkShown(page);
  await shot(page, prefix, '00-verify-email-no-mail-server');
  const link = await outboxLink(base, operator, email, 'email-verification');
  expect(link).toContain(`callbackURL=${encodeURIComponent('/verify-email?verified=1')}`);
  await page.goto(link);
  await page.waitForURL(/\/verify-email\?verified=1$/);
  await expect.poll(() => page.locator('main [role="status"]').textContent()).toBe(`${email} is verified.`);
  await page.getByRole('link', { name: 'Continue' }).waitFor();

  await page.goto(
    `${base}/api/auth/verify-email?token=not-a-token&callbackURL=%2Fverify-email%3Fverified%3D1`,
  );
  await page.waitForURL(/\/verify-email\?verified=1&error=INVALID_TOKEN$/);
  await expect.poll(() => alerts(page)).toContain('This link is not valid');
  if (resend) {
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Resend verification email' }).click();
    // Signed in as that (verified) account: the service says there is nothing to verify.
    await expect.poll(() => alerts(page)).toContain('already verified');
  }
  await shot(page, prefix, '00-verify-email-bad-link');
  await page.goto(`${base}/onboarding`);
}

/**
 * Sign up, sign out, ask for a reset link (an unknown address gets the same answer), reset the
 * password through the link from the outbox, sign in with it.
 */
async function passwordReset(page: Page, prefix: string, email: string, checkOldPassword: boolean) {
  const base = platform.webUrl;
  await signUp(page, base, email);
  await verifyEmail(page, prefix, email, checkOldPassword);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in$/);

  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.waitForURL(/\/forgot-password$/);
  const status = () => page.locator('main [role="status"]').first().textContent();
  // Once (every browser here is one client address, allowed three reset requests a minute): an
  // unknown address gets the same words as a known one.
  let unknownAnswer: string | undefined;
  if (checkOldPassword) {
    const unknown = `nobody-${prefix}@example.com`;
    await page.getByLabel('Email').fill(unknown);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(status).toContain(unknown);
    unknownAnswer = (await status())?.replace(unknown, '<address>');
    await expectNoLinkShown(page);
    await page.getByRole('button', { name: 'Use another address' }).click();
  }
  await page.getByLabel('Email').fill(email);
  await shot(page, prefix, '01-forgot-password');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect.poll(status).toContain(email);
  if (unknownAnswer) expect((await status())?.replace(email, '<address>')).toBe(unknownAnswer);
  await expectNoLinkShown(page);
  await shot(page, prefix, '02-check-inbox-no-mail-server');

  const link = await outboxLink(base, operator, email, 'password-reset');
  expect(link).toMatch(/\/api\/auth\/reset-password\/[^/?]+\?callbackURL=/);
  await page.goto(link);
  await page.waitForURL(/\/reset-password\?token=/);
  const resetUrl = page.url();
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Repeat the new password').fill(`${newPassword}x`);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect.poll(() => alerts(page)).toContain('not the same');
  await page.getByLabel('Repeat the new password').fill(newPassword);
  await shot(page, prefix, '03-reset-password');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await page.waitForURL(/\/sign-in\?reset=1$/);
  await expect
    .poll(() => page.locator('main [role="status"]').textContent())
    .toContain('password was changed');
  await shot(page, prefix, '04-sign-in-after-reset');

  if (checkOldPassword) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(oldPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => alerts(page)).toContain('Wrong email or password');
  }
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/onboarding$/);

  // The link worked once: opened again, it says so plainly and offers a new one.
  await page.goto(resetUrl);
  await page.getByLabel('New password', { exact: true }).fill('another password 3');
  await page.getByLabel('Repeat the new password').fill('another password 3');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect.poll(() => alerts(page)).toContain('This link is not valid');
  await page.getByRole('link', { name: 'Ask for a new reset link' }).waitFor();
  await shot(page, prefix, '05-reset-link-used');
}

/** The card of the newest permission request. */
const lastCard = (page: Page) => page.getByTestId('permission-card').last();

async function prompt(page: Page, text: string): Promise<void> {
  const before = page.url();
  await page.getByLabel('Message').fill(text);
  await page.getByLabel('Message').press('Enter');
  await page.waitForURL((url) => url.href !== before && /\?run=run_/.test(url.href));
}

/** A Pi agent that asks before every tool call: Allow once, then Deny with a reason. */
async function permissions(page: Page, prefix: string): Promise<void> {
  const created = await page.evaluate(async () => {
    const response = await fetch('/api/agent/agents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Careful Pi',
        adapterType: 'pi',
        adapterConfig: { permissions: { mode: 'ask' } },
      }),
    });
    return { status: response.status, body: (await response.json()) as { id: string } };
  });
  expect(created.status).toBe(201);
  await page.goto(`${platform.webUrl}/agents/${created.body.id}`);

  // 1. Allow.
  await prompt(page, 'PERMTEST please list it');
  const first = lastCard(page);
  await first.waitFor({ timeout: 60_000 });
  expect(await first.textContent()).toContain('bash');
  expect(await first.locator('pre').textContent()).toContain('echo perm-ok-7');
  await expect
    .poll(() => page.getByTestId('run-status').textContent())
    .toContain('waiting for your decision');
  await shot(page, prefix, '01-permission-asked');
  const openHeight = (await first.boundingBox())!.height;
  await first.getByRole('button', { name: 'Allow' }).click();
  await expect.poll(() => first.getAttribute('data-state'), { timeout: 30_000 }).toBe('allow');
  expect(await first.getByRole('status').textContent()).toBe('Allowed');
  // Settling swaps the controls for the outcome in the same space: nothing below moves.
  expect(Math.abs((await first.boundingBox())!.height - openHeight)).toBeLessThan(1);
  // The controls are gone for keyboard and screen readers (inert, hidden), not just greyed.
  expect(await first.getByRole('button').count()).toBe(0);
  expect(await first.locator('button', { hasText: 'Allow' }).isDisabled()).toBe(true);
  await expect
    .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 60_000 })
    .toContainEqual(expect.stringContaining('The command printed perm-ok-7.'));
  await expect
    .poll(() => page.locator('details.step summary').allInnerTexts())
    .toContainEqual(expect.stringMatching(/bash\s+done/));
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
    .toContain('succeeded');
  await shot(page, prefix, '02-permission-allowed');

  // 2. Deny with a reason, from the keyboard: the reason field submits as a denial.
  await prompt(page, 'PERMTEST once more');
  await expect.poll(() => page.getByTestId('permission-card').count(), { timeout: 60_000 }).toBe(2);
  const second = lastCard(page);
  await expect.poll(() => second.getAttribute('data-state')).toBe('pending');
  const reason = second.getByLabel('Reason (optional, sent with a denial)');
  await reason.focus();
  await page.keyboard.type(denyReason);
  await shot(page, prefix, '03-permission-deny-reason');
  await page.keyboard.press('Enter');
  await expect.poll(() => second.getAttribute('data-state'), { timeout: 30_000 }).toBe('deny');
  expect(await second.getByRole('status').textContent()).toBe('Denied (by you)');
  expect(await second.textContent()).toContain(`Told the agent: “${denyReason}”`);
  await expect
    .poll(() => page.locator('.msg.assistant').allInnerTexts(), { timeout: 60_000 })
    .toContainEqual(expect.stringContaining(`Understood, I did not run it (${denyReason}).`));
  await expect
    .poll(() => page.locator('details.step summary').allInnerTexts())
    .toContainEqual(expect.stringMatching(/bash\s+error/));
  await expect
    .poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 })
    .toContain('succeeded');
  // The model got the reason with the refusal, and the command never ran.
  const refusal = fake
    .modelRequests()
    .map((request) => lastMessage(request.body as Record<string, unknown>))
    .find((message) => message.includes(denyReason));
  expect(refusal).toBeDefined();
  expect(refusal).not.toContain('perm-ok-7');
  await shot(page, prefix, '04-permission-denied');

  // 3. A reload replays the run: the card comes back settled, without controls.
  await page.reload();
  const replayed = lastCard(page);
  await expect.poll(() => replayed.getAttribute('data-state'), { timeout: 30_000 }).toBe('deny');
  expect(await replayed.getByRole('status').textContent()).toBe('Denied (by you)');
  expect(await replayed.getByRole('button').count()).toBe(0);
  // The earlier run's card comes back from the session view, with its answer.
  const earlier = page.getByTestId('permission-card').first();
  await expect.poll(() => page.getByTestId('permission-card').count()).toBe(2);
  expect(await earlier.getAttribute('data-state')).toBe('allow');
  expect(await earlier.getByRole('status').textContent()).toBe('Allowed');
  await shot(page, prefix, '05-permission-after-reload');
}

describe('account flows and permission prompts in a real browser', () => {
  it('sign-in and sign-up show the Microsoft button when configured, and start its sign-in', async () => {
    await withPage('auth-desktop', { width: 1280, height: 900 }, async (page) => {
      const methods = await fetch(`${platform.webUrl}/api/auth/methods`).then((r) => r.json());
      expect(methods).toMatchObject({ social: [{ id: 'microsoft', name: 'Microsoft' }], mailOutbox: true });
      await page.goto(`${platform.webUrl}/sign-up`);
      await page.getByRole('button', { name: 'Continue with Microsoft' }).waitFor();
      expect(await page.getByRole('button', { name: /Continue with/ }).count()).toBe(1);
      await page.goto(`${platform.webUrl}/sign-in`);
      await shot(page, 'auth-desktop', '00-sign-in-with-microsoft');
      // Microsoft's own site is out of reach here: answer for it and check where we were sent.
      await page.route('https://login.microsoftonline.com/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Microsoft</title>' }),
      );
      await page.getByRole('button', { name: 'Continue with Microsoft' }).click();
      await page.waitForURL(/login\.microsoftonline\.com/);
      const authorize = new URL(page.url());
      expect(authorize.pathname).toBe('/common/oauth2/v2.0/authorize');
      expect(authorize.searchParams.get('client_id')).toBe('ms-client-e2e');
      expect(authorize.searchParams.get('redirect_uri')).toBe(
        `${platform.webUrl}/api/auth/callback/microsoft`,
      );
      // A provider that sends the browser back with an error: the sign-in page says so.
      await page.goto(`${platform.webUrl}/sign-in?error=access_denied`);
      await expect.poll(() => alerts(page)).toContain('cancelled at the provider');
    });
  }, 120_000);

  it('desktop: password reset through the local-mode link, then a permission prompt allowed and denied', async () => {
    await withPage('auth-desktop', { width: 1280, height: 900 }, async (page) => {
      await passwordReset(page, 'auth-desktop', 'reset-desktop@example.com', true);
      await permissions(page, 'perm-desktop');
    });
  }, 300_000);

  it('phone (390×844): the same flows', async () => {
    await withPage('auth-phone', { width: 390, height: 844 }, async (page) => {
      await passwordReset(page, 'auth-phone', 'reset-phone@example.com', false);
      await permissions(page, 'perm-phone');
    });
  }, 300_000);
});
