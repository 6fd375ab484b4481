/**
 * Browser end to end for the usage page, members and invitations, and the instance admin
 * pages (impersonation log included): the real platform against the fake LLM, driven with Debian's Chromium. The first
 * account is the instance admin; a second person follows the invitation link (local mode has no
 * mail server: the admin copies it from the Admin page's outbox) signed out, creates an account
 * through it, accepts and lands in the admin's organization.
 * Screenshots go to test-artifacts/web/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop, phone } from './testing/browser-suite.ts';
import { inPage } from './testing/form-page.ts';
import { outboxLinkOnAdminPage } from './testing/outbox.ts';

const adminEmail = 'ada.admin@example.com';
const memberEmail = 'grace.member@example.com';

const suite = browserSuite();
const newPage = suite.newPage;

/** The page's cumulative layout shift so far (Chromium's Layout Instability API). */
async function layoutShift(page: Page): Promise<number> {
  // A string, run in the page: this file is type-checked without the DOM library.
  return page.evaluate<number>(`new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 300);
  })`);
}

const today = () => new Date().toISOString().slice(0, 10);
/** The way the pages print an amount (`formatCost` in lib/api.ts). */
const usd = (cost: number) => `$${cost.toFixed(cost < 0.01 ? 6 : 4)}`;

interface UsageAnswer {
  days: { date: string; runs: number; costUsd: number }[];
  totals: { runs: number; costUsd: number; inputTokens: number; outputTokens: number };
  byAgent: { agentId: string; name: string; runs: number; costUsd: number }[];
}

describe('usage, members and the instance admin in a real browser', () => {
  it('admin: usage chart and totals → invitations → members → /admin; a member is refused /admin', async () => {
    const { page: admin, errors } = await newPage(desktop);
    const member = await newPage(phone);
    try {
      const base = suite.platform.webUrl;
      // 1. The first account is the instance admin; one agent, one run, so there is a cost.
      await signUp(admin, base, adminEmail, 'Ada Admin');
      const agent = await inPage<{ id: string }>(admin, '/api/agent/agents', 'POST', {
        name: 'Usage helper',
        adapterType: 'pi',
      });
      expect(agent.status).toBe(201);
      const run = await inPage<{ id: string }>(admin, `/api/agent/agents/${agent.json.id}/runs`, 'POST', {
        prompt: 'Hello, what does this cost?',
      });
      expect(run.status).toBe(202);
      await expect
        .poll(
          async () => (await inPage<{ status: string }>(admin, `/api/agent/runs/${run.json.id}`)).json.status,
          {
            timeout: 90_000,
            interval: 500,
          },
        )
        .toBe('succeeded');

      // 2. Usage: today's bar, the totals the API reports, the agent's row.
      const usage = (await inPage<UsageAnswer>(admin, '/api/agent/usage')).json;
      expect(usage.totals.runs).toBe(1);
      expect(usage.totals.costUsd).toBeGreaterThan(0);
      await admin.getByRole('link', { name: 'Usage' }).click();
      await admin.waitForURL(/\/usage$/);
      await expect.poll(() => admin.getByTestId('total-cost').textContent()).toBe(usd(usage.totals.costUsd));
      expect(await admin.getByTestId('total-runs').textContent()).toBe('1');
      const todayBar = admin.locator(`rect[data-date="${today()}"]`);
      expect(Number(await todayBar.getAttribute('height'))).toBeGreaterThan(0);
      expect(await admin.locator('rect[data-date]').count()).toBe(30);
      await expect
        .poll(() => admin.getByRole('table', { name: 'Cost by agent' }).textContent())
        .toContain('Usage helper');
      // The period is a radio group: the keyboard picks 7 days.
      await admin.getByRole('radio', { name: '30 days' }).focus();
      await admin.keyboard.press('ArrowLeft');
      await expect.poll(() => admin.locator('rect[data-date]').count()).toBe(7);
      expect(Number(await todayBar.getAttribute('height'))).toBeGreaterThan(0);
      // The chart's numbers are also a table.
      await admin.getByText('Show the numbers as a table').click();
      await expect
        .poll(() => admin.getByRole('table', { name: 'Cost per day (table)' }).textContent())
        .toContain(usd(usage.totals.costUsd));
      await shot(admin, 'desktop', '20-usage');

      // 3. Invitations: invite the second person as a member, and cancel one more.
      await admin.getByRole('link', { name: 'Settings' }).click();
      await admin.waitForURL(/\/settings$/);
      const invite = admin.getByRole('form', { name: 'Invite someone' });
      for (const email of [memberEmail, 'nobody@example.com']) {
        await invite.getByLabel('Email').fill(email);
        await invite.getByLabel('Role', { exact: true }).selectOption('member');
        await invite.getByRole('button', { name: 'Send invitation' }).click();
        await expect
          .poll(() => admin.getByRole('list', { name: 'Pending invitations' }).textContent())
          .toContain(email);
      }
      await admin.getByRole('button', { name: 'Cancel the invitation to nobody@example.com' }).click();
      await expect
        .poll(() => admin.getByRole('list', { name: 'Pending invitations' }).textContent())
        .not.toContain('nobody@example.com');
      expect(await admin.getByRole('list', { name: 'Pending invitations' }).textContent()).toContain(
        memberEmail,
      );

      // 4. No mail server: the admin copies the invitation link from the Admin page's outbox.
      //    Grace follows it signed out, creates her account through it, comes back to the
      //    invitation and accepts: she is in the admin's organization, on its agents.
      const link = await outboxLinkOnAdminPage(admin, base, memberEmail, 'organization-invitation');
      expect(link).toMatch(new RegExp(`^${base}/accept-invitation\\?id=`));
      await shot(admin, 'desktop', '23-admin-outbox');
      const cancelledLink = await outboxLinkOnAdminPage(
        admin,
        base,
        'nobody@example.com',
        'organization-invitation',
      );
      const organization = (await inPage<{ id: string; name: string }>(admin, '/api/orgs/current')).json;
      await member.page.goto(link);
      await member.page.getByRole('link', { name: 'Create an account' }).waitFor();
      await shot(member.page, 'phone', '24-invitation-signed-out');
      await member.page.getByRole('link', { name: 'Create an account' }).click();
      await member.page.waitForURL(/\/sign-up\?next=%2Faccept-invitation/);
      await member.page.getByLabel('Name').fill('Grace Member');
      await member.page.getByLabel('Email').fill(memberEmail);
      await member.page.getByLabel('Password').fill('correct horse battery');
      await member.page.getByRole('button', { name: 'Sign up' }).click();
      const invitationId = new URL(link).searchParams.get('id');
      await member.page.waitForURL(
        (url) => url.pathname === '/accept-invitation' && url.searchParams.get('id') === invitationId,
      );
      await expect
        .poll(() => member.page.getByTestId('invitation-organization').textContent())
        .toBe(organization.name);
      expect(await member.page.getByTestId('invitation-role').textContent()).toBe('member');
      expect(await member.page.locator('main').textContent()).toContain(`${adminEmail} invited you`);
      await shot(member.page, 'phone', '25-invitation');
      await member.page.getByRole('button', { name: 'Accept' }).click();
      await member.page.waitForURL(/\/agents$/);
      await expect
        .poll(() => member.page.getByRole('list', { name: 'Agents' }).textContent())
        .toContain('Usage helper');
      expect((await inPage<{ orgId: string; role: string }>(member.page, '/api/me')).json).toMatchObject({
        orgId: organization.id,
        role: 'member',
      });
      await shot(member.page, 'phone', '26-invitation-accepted');

      // The cancelled invitation's link says plainly it cannot be used, and offers a way out.
      await member.page.goto(cancelledLink);
      await expect
        .poll(() => member.page.locator('main [role="alert"]').textContent())
        .toBe(
          'This invitation is not for the account you are signed in with, or it was cancelled or already used.',
        );
      await member.page.getByRole('button', { name: 'Sign out and use another account' }).waitFor();
      await shot(member.page, 'phone', '27-invitation-unavailable');

      // 5. Grace is no instance admin: no Admin link, and /admin says why.
      await member.page.goto(`${base}/admin`);
      await expect
        .poll(() => member.page.getByText('Only the instance admin can see this page.').count())
        .toBe(1);
      expect(await member.page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
      await shot(member.page, 'phone', '22-admin-refused');

      // The admin makes her an admin, with the role select.
      await admin.goto(`${base}/settings`);
      const members = admin.getByRole('table', { name: 'Members' });
      await expect.poll(() => members.textContent(), { timeout: 15_000 }).toContain(memberEmail);
      expect(await members.textContent()).toContain('(you)');
      await admin.getByLabel(`Role of ${memberEmail}`).selectOption('admin');
      await expect
        .poll(() => admin.getByRole('region', { name: 'Members' }).textContent())
        .toContain('Grace Member is now an admin.');
      const roles = await inPage<{ items: { email: string; role: string }[] }>(
        admin,
        '/api/orgs/current/members',
      );
      expect(roles.json.items.find((item) => item.email === memberEmail)?.role).toBe('admin');
      await admin.getByRole('heading', { name: 'Members' }).scrollIntoViewIfNeeded();
      await shot(admin, 'desktop', '21-settings-members');

      // 6. /admin: both accounts, both organizations with their counts, the instance's usage.
      await admin.getByRole('link', { name: 'Admin' }).click();
      await admin.waitForURL(/\/admin$/);
      const users = admin.getByRole('table', { name: 'Users' });
      await expect.poll(() => users.textContent()).toContain(memberEmail);
      expect(await users.textContent()).toContain(adminEmail);
      expect(await users.locator('tr', { hasText: adminEmail }).textContent()).toContain('instance admin');
      expect(await users.locator('tr', { hasText: memberEmail }).textContent()).not.toContain(
        'instance admin',
      );
      const cells = async (orgId: string) => admin.locator(`tr[data-org-id="${orgId}"] td`).allTextContents();
      const me = (await inPage<{ orgId: string }>(admin, '/api/me')).json;
      // Organization, plan (billing is off here), members, agents, runs, cost, created.
      await expect
        .poll(async () => (await cells(me.orgId)).slice(1, 6))
        .toEqual(['free · Billing off', '2', '1', '1', usd(usage.totals.costUsd)]);
      const memberOrgs = await inPage<{ items: { id: string }[] }>(member.page, '/api/orgs');
      const ownOrg = memberOrgs.json.items.find((org) => org.id !== me.orgId);
      expect(ownOrg).toBeDefined();
      expect((await cells(ownOrg!.id)).slice(1, 6)).toEqual(['free · Billing off', '1', '0', '0', usd(0)]);
      await expect
        .poll(() => admin.getByRole('table', { name: 'Cost by organization' }).textContent())
        .toContain(usd(usage.totals.costUsd));
      expect(
        Number(await admin.locator(`rect[data-date="${today()}"]`).getAttribute('height')),
      ).toBeGreaterThan(0);
      // Impersonation is off unless the operator turns it on, and the page says how.
      const impersonation = admin.getByRole('region', { name: 'Impersonation' });
      await expect.poll(() => impersonation.textContent()).toContain('No impersonation recorded.');
      expect(await impersonation.textContent()).toContain('Impersonation is off');
      expect(await impersonation.textContent()).toContain('LIFEOSAI_ALLOW_IMPERSONATION=true');
      await shot(admin, 'desktop', '23-admin');

      // 7. Removing a member asks first; Cancel keeps her, confirming removes her.
      await admin.getByRole('link', { name: 'Settings' }).click();
      await admin.getByRole('button', { name: `Remove ${memberEmail}` }).click();
      const dialog = admin.getByRole('dialog', { name: 'Remove member?' });
      await dialog.waitFor();
      await admin.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await members.textContent()).toContain(memberEmail);
      await admin.getByRole('button', { name: `Remove ${memberEmail}` }).click();
      await dialog.getByRole('button', { name: 'Remove member' }).click();
      await expect.poll(() => members.textContent()).not.toContain(memberEmail);

      // 8. The same pages at phone width.
      await admin.setViewportSize(phone);
      for (const [path, name, ready] of [
        ['/usage', '20-usage', 'rect[data-date]'],
        ['/settings', '21-settings-members', 'table[aria-label="Members"] tbody tr'],
        ['/admin', '23-admin', 'table[aria-label="Users"] tbody tr'],
      ] as const) {
        await admin.goto(`${base}${path}`);
        await admin.locator(ready).first().waitFor({ state: 'attached' });
        await admin.waitForLoadState('networkidle');
        // No layout shift while the data arrives (the chart's height is reserved).
        expect(await layoutShift(admin)).toBeLessThan(0.02);
        // Nothing sticks out sideways at 390 px.
        expect(await admin.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          phone.width,
        );
        await shot(admin, 'phone', name);
      }
      expect(errors).toEqual([]);
      expect(member.errors).toEqual([]);
    } catch (error) {
      await shot(admin, 'desktop', '99-admin-usage-failure').catch(() => undefined);
      await shot(member.page, 'phone', '99-admin-usage-failure').catch(() => undefined);
      throw new Error(
        `${error instanceof Error ? error.stack : String(error)}\n--- platform output (tail) ---\n${suite.platform.output().slice(-6000)}`,
      );
    }
  }, 300_000);
});
