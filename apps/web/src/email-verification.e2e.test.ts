/**
 * Browser end to end for an install that requires verified addresses and has no social sign-in
 * (its own platform: both are install-wide settings, the opposite of
 * `auth-permissions.e2e.test.ts`'s). The first account's link is only in the terminal; a later
 * one cannot sign in until the link from the outbox is opened. Screenshots: `auth-desktop-30-*`.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot } from './testing/browser.ts';
import { alerts } from './testing/form-page.ts';
import { cookieOf, outboxLink, signUpOperator, terminalLink } from './testing/outbox.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  platform = await startPlatform({
    // No agent runs here: nothing listens on the discard port.
    llmUrl: 'http://127.0.0.1:9',
    // Info: the auth service's log (the terminal) carries the links.
    extraEnv: { LIFEOSAI_REQUIRE_EMAIL_VERIFICATION: 'true', LOG_LEVEL: 'info' },
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('an install that requires verification, in a real browser', () => {
  it('shows no social buttons; refuses sign-in until the link is opened', async () => {
    // The first account is the instance admin; its own link is only in the terminal.
    await signUpOperator(platform.webUrl);
    const verified = await fetch(
      terminalLink(platform.output(), 'operator@example.com', 'email-verification'),
      {
        redirect: 'manual',
      },
    );
    expect(verified.status).toBe(302);
    const operator = cookieOf(verified);
    expect(operator).toContain('session_token');
    const methods = (await fetch(`${platform.webUrl}/api/auth/methods`).then((r) => r.json())) as {
      social: unknown[];
    };
    expect(methods.social).toEqual([]);
    const page = await browser.newPage();
    try {
      await page.goto(`${platform.webUrl}/sign-in`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await page.getByRole('button', { name: /Continue with/ }).count()).toBe(0);
      expect(await page.getByText('or with email').count()).toBe(0);

      // Sign up: no session yet, the page says to check the inbox.
      const email = 'unverified@example.com';
      await page.goto(`${platform.webUrl}/sign-up`);
      await page.getByLabel('Name').fill('Vera Unverified');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.waitForURL(/\/verify-email\?/);
      await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
      // Sign-in is refused with the reason and a way to get a new link.
      await page.goto(`${platform.webUrl}/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => alerts(page)).toContain('not verified yet');
      await page.getByRole('form', { name: 'Resend verification' }).waitFor();
      await shot(page, 'auth-desktop', '30-sign-in-unverified');
      // The link from the outbox verifies the address and signs this browser in.
      await page.goto(await outboxLink(platform.webUrl, operator, email, 'email-verification'));
      await page.getByRole('heading', { name: 'Email verified' }).waitFor();
      await page.getByRole('link', { name: 'Continue' }).click();
      await page.waitForURL(/\/(onboarding|agents)$/);
    } catch (error) {
      throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
    } finally {
      await page.close();
    }
  }, 180_000);
});
