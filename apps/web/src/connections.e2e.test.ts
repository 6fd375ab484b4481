/**
 * Browser end to end for OAuth connections (issue 16): the real platform configured with a local
 * OAuth 2 provider (oauth2-mock-server, PKCE checked). Settings → Connections → Connect → the
 * provider → back through the web origin's `/api/oauth/mock/callback` → "Connected." with the
 * account listed; the agent editor's picker offers it; a forged callback lands on the page with
 * the reason in words; revoke after a confirmation. On a 375 px screen nothing is wider than it.
 * Screenshots go to test-artifacts/web/ (`connections-*`).
 */
import {
  type MockOAuthProvider,
  mockOAuthEnv,
  startMockOAuthProvider,
} from '@lifeosai/oauth-connections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop } from './testing/browser-suite.ts';

let provider: MockOAuthProvider;
beforeAll(async () => {
  provider = await startMockOAuthProvider({ account: 'ada@provider.example' });
});
afterAll(async () => provider?.stop());
const suite = browserSuite({
  extraEnv: { ...mockOAuthEnv },
  config: () => ({ oauthProviders: { mock: provider.config() } }),
});

describe('OAuth connections in a real browser', () => {
  it('connect through the provider → listed → offered in the agent editor → a forged callback explained → revoke', async () => {
    const base = suite.platform.webUrl;
    const { page, errors } = await suite.newPage(desktop);
    await signUp(page, base, `connections-${Date.now()}@example.test`);

    await page.goto(`${base}/settings/connections`);
    await page.getByRole('button', { name: 'Connect Mock' }).click();
    await page.waitForURL(/\/settings\/connections$/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Connected.');
    const listed = page.getByRole('list', { name: 'Connections' });
    await expect.poll(() => listed.textContent()).toContain('Mock · ada@provider.example');
    expect(await listed.textContent()).toContain('active');
    expect(provider.tokenRequests.at(-1)).toMatchObject({
      grantType: 'authorization_code',
      hadCodeVerifier: true,
    });
    await shot(page, 'connections', '01-connected-desktop');

    await page.goto(`${base}/agents/new`);
    const picker = page.getByTestId('connection-picker');
    await expect.poll(() => picker.textContent()).toContain('ada@provider.example');
    expect(await picker.textContent()).toContain('MOCK_TOKEN');

    await page.goto(`${base}/api/oauth/mock/callback?state=forged&code=x`);
    await page.waitForURL(/\/settings\/connections$/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('was not started here');

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => listed.textContent()).toContain('revoked');
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(0);

    // Phone width: the page fits.
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await expect.poll(() => listed.textContent()).toContain('revoked');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await shot(page, 'connections', '02-revoked-phone');
    expect(errors).toEqual([]);
  });
});
