/**
 * Browser end to end for accounts and organizations (issue 13, item 6): the password rule stated
 * and enforced on sign-up; onboarding resuming after a reload; the profile (rename, password
 * change, then signing in with the new one); renaming the organization; an invitation sent
 * without a mail server showing its link to copy; the instance admin changing a member's role and
 * disabling an account, which then cannot sign in. One platform, two browsers: the admin on a
 * desktop, the invited person on a phone. Screenshots go to test-artifacts/web/account-*.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop, phone } from './testing/browser-suite.ts';
import { alerts } from './testing/form-page.ts';

const adminEmail = 'ada@example.com';
const memberEmail = 'grace@example.com';
const firstPassword = 'correct horse battery';
const newPassword = 'a new and better passphrase';

const suite = browserSuite();
const newPage = suite.newPage;

const currentStep = (page: Page) =>
  page.locator('ol[aria-label="Steps"] li[aria-current="step"]').textContent();
const statusOf = (page: Page) =>
  page
    .locator('main .status-line')
    .allInnerTexts()
    .then((texts) => texts.join('\n'));

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${suite.platform.webUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('accounts and organizations in a real browser', () => {
  it('password rule → onboarding resume → profile and password → org rename → invitation link → admin role and disable', async () => {
    const base = suite.platform.webUrl;
    const { page: admin, errors } = await newPage(desktop);
    const member = await newPage(phone);

    // The rule is stated under the field, and a common password is refused with what to do.
    await admin.goto(`${base}/sign-up`);
    expect(await admin.locator('#password-rule').textContent()).toMatch(/At least 12 characters/);
    await admin.getByLabel('Name').fill('Ada');
    await admin.getByLabel('Email').fill(adminEmail);
    await admin.getByLabel('Password').fill('password1234');
    await admin.getByRole('button', { name: 'Sign up' }).click();
    await expect.poll(() => alerts(admin)).toMatch(/most common ones.*At least 12 characters/s);
    expect(new URL(admin.url()).pathname).toBe('/sign-up');
    await shot(admin, 'account', '01-sign-up-weak-password-desktop');
    await admin.getByLabel('Password').fill(firstPassword);
    await admin.getByRole('button', { name: 'Sign up' }).click();
    await admin.waitForURL(/\/onboarding$/);

    // Onboarding: past the first step, a reload comes back to the second.
    expect(await currentStep(admin)).toContain('Name your organization');
    await expect.poll(() => admin.getByLabel('Organization name').inputValue()).toContain('workspace');
    await admin.getByLabel('Organization name').fill('Acme Labs');
    await admin.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => currentStep(admin)).toContain('Add a model provider');
    await admin.reload();
    await expect.poll(() => currentStep(admin)).toContain('Add a model provider');
    await shot(admin, 'account', '02-onboarding-resumed-desktop');

    // Profile: Account in the top bar, beside the person's name.
    await admin.locator('.topbar-user').getByText('Ada', { exact: true }).waitFor();
    await admin.getByRole('link', { name: 'Account', exact: true }).click();
    await admin.waitForURL(/\/account$/);
    await admin.getByLabel('Name').fill('Ada Lovelace');
    await admin.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => statusOf(admin)).toContain('Name saved.');
    await admin.reload();
    await admin.locator('.topbar-user').getByText('Ada Lovelace', { exact: true }).waitFor();

    // Password: the rule is stated; a weak one and a wrong current one are refused in words.
    expect(await admin.locator('#account-password-rule').textContent()).toMatch(/At least 12 characters/);
    const change = admin.getByRole('form', { name: 'Change password' });
    await change.getByLabel('Current password').fill(firstPassword);
    await change.getByLabel('New password', { exact: true }).fill('qwerty123456');
    await change.getByLabel('Repeat the new password').fill('qwerty123456');
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => alerts(admin)).toMatch(/most common ones/);
    await change.getByLabel('Current password').fill('not my password at all');
    await change.getByLabel('New password', { exact: true }).fill(newPassword);
    await change.getByLabel('Repeat the new password').fill(newPassword);
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => alerts(admin)).toMatch(/current password is wrong/);
    await change.getByLabel('Current password').fill(firstPassword);
    await change.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => statusOf(admin)).toContain('Password changed.');
    await shot(admin, 'account', '03-account-desktop');
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL(/\/sign-in/);
    await signIn(admin, adminEmail, firstPassword);
    await expect.poll(() => alerts(admin)).toMatch(/Wrong email or password/);
    await signIn(admin, adminEmail, newPassword);
    await admin.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    // The organization is renamed in Settings.
    await admin.goto(`${base}/settings`);
    const rename = admin.getByRole('form', { name: 'Rename the organization' });
    await expect.poll(() => rename.getByLabel('Organization name').inputValue()).toBe('Acme Labs');
    await rename.getByLabel('Organization name').fill('Acme Research');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => statusOf(admin)).toContain('now called Acme Research');
    await expect.poll(() => admin.getByText('cannot be deleted').count()).toBe(1);

    // No mail server: the invitation just sent shows its link, with a copy button.
    const invite = admin.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill(memberEmail);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    const linkField = admin.getByRole('textbox', { name: `Invitation link for ${memberEmail}` });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${base}/accept-invitation\\?id=`));
    await admin.getByRole('button', { name: `Copy the invitation link for ${memberEmail}` }).click();
    await expect.poll(() => admin.getByText('Copied to the clipboard.').count()).toBe(1);
    await shot(admin, 'account', '04-settings-organization-invitation-desktop');

    // The invited person, on a phone: an account, then the link, then Accept.
    await signUp(member.page, base, memberEmail, 'Grace');
    await member.page.goto(`${base}/account`);
    await member.page.getByRole('form', { name: 'Change password' }).waitFor();
    await shot(member.page, 'account', '05-account-phone');
    await member.page.goto(link);
    await member.page.getByRole('button', { name: 'Accept' }).click();
    await member.page.waitForURL(/\/agents$/);

    // The instance admin changes her role in the organization, then disables her account.
    await admin.goto(`${base}/admin`);
    await admin.getByRole('button', { name: 'Members of Acme Research' }).click();
    const role = admin.getByLabel(`Role of ${memberEmail} in Acme Research`);
    await expect.poll(() => role.inputValue()).toBe('member');
    await role.selectOption('admin');
    await expect.poll(() => statusOf(admin)).toContain('Grace is now an admin of Acme Research.');
    await expect.poll(() => role.inputValue()).toBe('admin');
    const ownRole = admin.getByLabel(`Role of ${adminEmail} in Acme Research`);
    await ownRole.selectOption('member');
    await expect.poll(() => alerts(admin)).toMatch(/only owner/);
    await expect.poll(() => ownRole.inputValue()).toBe('owner');
    expect(await admin.getByRole('button', { name: `Disable ${adminEmail}` }).count()).toBe(0);
    await admin.getByRole('button', { name: `Disable ${memberEmail}` }).click();
    await expect.poll(() => statusOf(admin)).toContain(`${memberEmail} is disabled`);
    await admin
      .locator('tr[data-user-id]', { hasText: memberEmail })
      .getByText('disabled', { exact: true })
      .waitFor();
    await shot(admin, 'account', '06-admin-roles-and-disable-desktop');

    // Her open page loses its session at once, and she cannot sign in again.
    await member.page.reload();
    await member.page.waitForURL(/\/sign-in/);
    await signIn(member.page, memberEmail, firstPassword);
    await expect.poll(() => alerts(member.page)).toMatch(/This account is disabled/);
    await shot(member.page, 'account', '07-disabled-sign-in-phone');

    await member.page.goto(`${base}/sign-up`);
    expect(await member.page.locator('#password-rule').textContent()).toMatch(/At least 12 characters/);
    await shot(member.page, 'account', '08-sign-up-rule-phone');

    expect(errors).toEqual([]);
    expect(member.errors).toEqual([]);
  }, 240_000);
});
