/**
 * Browser end to end for the conversation list and the keyboard shortcuts (issue 13): the real
 * platform against the fake LLM (its default echo answers), in Debian's Chromium, one platform
 * for the whole file.
 * - Desktop: a first visit opens a blank chat; two conversations (the second by Ctrl+Shift+O);
 *   rename (Enter saves, Esc cancels); search (Ctrl+K) with its empty state; resume — the bare
 *   address opens the conversation with the latest activity; the help sheet (`?`, Ctrl+/, button).
 * - Phone: the drawer, search in it, opening a conversation, New chat.
 * - More conversations than one page: the older ones load as the list scrolls.
 * - A link followed while the bare address is still looking for the latest conversation is
 *   where the person lands (the resume does not navigate over it).
 * - Privacy between two members of one organization: on a private agent neither sees the
 *   other's conversations, in the list or by address; once the agent is shared with the
 *   organization (through the API) both do, with who started each; the runs list says who too.
 * Screenshots go to test-artifacts/web/ (`conv-*`).
 */
import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, signUp, watchPageErrors } from './testing/browser.ts';
import { alerts, inPage } from './testing/form-page.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

const desktop = { width: 1280, height: 900 };
const phone = { width: 390, height: 844 };

let fake: FakeLlm;
let platform: Platform;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Ada (the organization's owner), signed in at desktop size; her agent. */
let ada: Page;
let agentId: string;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  platform = await startPlatform({ llmUrl: fake.url });
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await platform?.stop();
  await fake?.close();
}, 60_000);

async function newPage(viewport: { width: number; height: number }, from?: BrowserContext): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    ...(from ? { storageState: await from.storageState() } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  watchPageErrors(page, errors);
  return page;
}

/** Runs a step; on failure a screenshot and the platform's output tail go with the error. */
async function step(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, 'conv', `99-failure-${name}`).catch(() => undefined);
    throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
  }
}

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const titles = (page: Page) =>
  list(page).getByTestId('conversation').locator('a > span:first-child').allInnerTexts();
const conversation = (page: Page, title: string) =>
  list(page).getByRole('link', { name: new RegExp(`^${title}`) });
const sessionOf = async (page: Page, title: string) =>
  new URL((await conversation(page, title).getAttribute('href'))!, platform.webUrl).searchParams.get(
    'session',
  )!;
const urlParam = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

/** Sends a message from the chat's message box and waits until the agent has no run going. */
async function send(page: Page, prompt: string): Promise<void> {
  await page.getByLabel('Message').fill(prompt);
  await page.getByLabel('Message').press('Enter');
  await expect
    .poll(
      async () => {
        const runs = (
          await inPage<{ items: { prompt: string | null; status: string }[] }>(
            page,
            '/api/agent/runs?limit=50',
          )
        ).json;
        return runs.items.some(
          (run) => run.prompt === prompt && ['succeeded', 'failed', 'cancelled'].includes(run.status),
        );
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(true);
}

describe('conversations and keyboard shortcuts in a real browser', () => {
  it('desktop: blank first chat → two conversations → rename → search → resume → the help sheet', async () => {
    ada = await newPage(desktop);
    await step(ada, 'desktop', async () => {
      const base = platform.webUrl;
      await signUp(ada, base, 'ada.owner@example.com', 'Ada Tester');
      const agent = await inPage<{ id: string }>(ada, '/api/agent/agents', 'POST', {
        name: 'Garden helper',
        adapterType: 'pi',
      });
      expect(agent.status).toBe(201);
      agentId = agent.json.id;

      // No conversation yet: a blank chat, and the list says how to start one.
      await ada.goto(`${base}/agents/${agentId}`);
      await ada.waitForURL(/\?new=/);
      await expect
        .poll(() => ada.getByTestId('conversations-empty').textContent())
        .toContain('No conversations yet');
      await shot(ada, 'conv', '01-desktop-first-visit');

      await send(ada, 'Plan the garden party');
      await expect.poll(() => titles(ada), { timeout: 15_000 }).toEqual(['Plan the garden party']);

      // New chat by key, from the message box: a blank chat, then the second conversation on top.
      await ada.getByLabel('Message').focus();
      await ada.keyboard.press('Control+Shift+O');
      await ada.waitForURL(/\?new=/);
      await expect.poll(() => ada.locator('.msg.user').count()).toBe(0);
      await send(ada, 'Draft a letter about bicycles');
      await expect
        .poll(() => titles(ada), { timeout: 15_000 })
        .toEqual(['Draft a letter about bicycles', 'Plan the garden party']);
      await expect
        .poll(() => conversation(ada, 'Draft a letter about bicycles').getAttribute('aria-current'))
        .toBe('page');
      await shot(ada, 'conv', '02-desktop-two-conversations');

      // Rename: Esc cancels (and leaves the focus on Rename), Enter saves.
      await ada.getByRole('button', { name: 'Rename Plan the garden party' }).click();
      await ada.getByLabel('Title of the conversation').fill('Not this');
      await ada.getByLabel('Title of the conversation').press('Escape');
      await expect.poll(() => titles(ada)).toContain('Plan the garden party');
      await expect
        .poll(() =>
          ada.evaluate<string | null | undefined>("document.activeElement?.getAttribute('aria-label')"),
        )
        .toBe('Rename Plan the garden party');
      await ada.getByRole('button', { name: 'Rename Draft a letter about bicycles' }).click();
      await ada.getByLabel('Title of the conversation').fill('Bicycle letter');
      await shot(ada, 'conv', '03-desktop-rename');
      await ada.getByLabel('Title of the conversation').press('Enter');
      await expect.poll(() => titles(ada)).toEqual(['Bicycle letter', 'Plan the garden party']);

      // Search from the keyboard: one match, then none (the empty state), then Esc clears it.
      await ada.locator('h1').click();
      await ada.keyboard.press('Control+k');
      await expect
        .poll(() => ada.evaluate<string | undefined>('document.activeElement?.id'))
        .toBe('conversation-search');
      await ada.keyboard.type('garden');
      await expect.poll(() => titles(ada)).toEqual(['Plan the garden party']);
      await ada.getByLabel('Search conversations').fill('no such words here');
      await expect
        .poll(() => ada.getByTestId('conversations-empty').textContent())
        .toContain('No conversation mentions “no such words here”');
      await shot(ada, 'conv', '04-desktop-search-empty');
      await ada.getByLabel('Search conversations').press('Escape');
      await expect.poll(() => titles(ada)).toEqual(['Bicycle letter', 'Plan the garden party']);

      // Resume: more in the garden conversation makes it the latest; the bare address opens it.
      const garden = await sessionOf(ada, 'Plan the garden party');
      await conversation(ada, 'Plan the garden party').click();
      await ada.waitForURL((url) => url.searchParams.get('session') === garden);
      await expect.poll(() => ada.locator('main').textContent()).toContain('Plan the garden party');
      await send(ada, 'Add lanterns along the path');
      await ada.goto(`${base}/agents/${agentId}`);
      await ada.waitForURL((url) => url.searchParams.get('session') === garden);
      await expect.poll(() => titles(ada)).toEqual(['Plan the garden party', 'Bicycle letter']);
      await expect.poll(() => ada.locator('main').textContent()).toContain('Add lanterns along the path');
      await shot(ada, 'conv', '05-desktop-resumed');

      // The help sheet: `?` when not typing, Esc closes; Ctrl+/ from a field; the button.
      const sheet = ada.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await ada.locator('h1').click();
      await ada.keyboard.press('?');
      await sheet.waitFor();
      const rows = await sheet.getByRole('row').allInnerTexts();
      expect(rows.join('\n')).toMatch(/New chat\s+Ctrl\s*Shift\s*O/);
      expect(rows.join('\n')).toMatch(/Search the conversations\s+Ctrl\s*K/);
      expect(rows.join('\n')).toMatch(/Stop the running reply\s+Esc/);
      await shot(ada, 'conv', '06-desktop-shortcuts');
      await ada.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
      // In the message box `/` and `?` are text; Ctrl+/ still opens the sheet.
      await ada.getByLabel('Message').fill('');
      await ada.getByLabel('Message').pressSequentially('/?');
      expect(await ada.getByLabel('Message').inputValue()).toBe('/?');
      expect(await sheet.isVisible()).toBe(false);
      await ada.keyboard.press('Control+/');
      await sheet.waitFor();
      await sheet.getByRole('button', { name: 'Close' }).click();
      await sheet.waitFor({ state: 'hidden' });
      await ada.getByRole('button', { name: 'Keyboard shortcuts' }).click();
      await sheet.waitFor();
      await ada.keyboard.press('Escape');
      await sheet.waitFor({ state: 'hidden' });
      await ada.getByLabel('Message').fill('');
      expect(urlParam(ada, 'session')).toBe(garden);
    });
  }, 300_000);

  it('phone: the list in a drawer — search, open one, New chat', async () => {
    const page = await newPage(phone, ada.context());
    await step(page, 'phone', async () => {
      await page.goto(`${platform.webUrl}/agents/${agentId}`);
      await page.waitForURL(/\?session=/);
      const drawer = page.getByRole('dialog', { name: 'Conversations' });
      await page.getByRole('button', { name: 'Conversations', exact: true }).click();
      await drawer.waitFor();
      await expect.poll(() => titles(page)).toEqual(['Plan the garden party', 'Bicycle letter']);
      await shot(page, 'conv', '07-phone-drawer');
      await page.getByLabel('Search conversations').fill('bicycles');
      await expect.poll(() => titles(page)).toEqual(['Bicycle letter']);
      const bicycles = await sessionOf(page, 'Bicycle letter');
      await conversation(page, 'Bicycle letter').click();
      await page.waitForURL((url) => url.searchParams.get('session') === bicycles);
      await drawer.waitFor({ state: 'hidden' });
      await expect.poll(() => page.locator('main').textContent()).toContain('Draft a letter about bicycles');
      await shot(page, 'conv', '08-phone-conversation');
      await page.getByRole('button', { name: 'New chat' }).click();
      await page.waitForURL(/\?new=/);
      await expect.poll(() => page.locator('.msg.user').count()).toBe(0);
      await shot(page, 'conv', '09-phone-new-chat');
    });
  }, 120_000);

  it('privacy: members read only their own conversations of a private agent, all once it is shared', async () => {
    const base = platform.webUrl;
    const grace = await newPage(desktop);
    await step(grace, 'privacy', async () => {
      const invitation = await inPage<{ id: string }>(ada, '/api/orgs/current/invitations', 'POST', {
        email: 'grace.member@example.com',
        role: 'member',
      });
      expect(invitation.status).toBe(201);
      await signUp(grace, base, 'grace.member@example.com', 'Grace Member');
      const accepted = await inPage<{ organizationId: string }>(
        grace,
        `/api/orgs/invitations/${invitation.json.id}/accept`,
        'POST',
        {},
      );
      expect(accepted.status).toBe(200);
      expect((await inPage(grace, '/api/auth/organization/set-active', 'POST', accepted.json)).status).toBe(
        200,
      );
      const garden = await sessionOf(ada, 'Plan the garden party');

      // Private (the default): Grace's list is empty, and Ada's conversation by its address
      // shows an error, not Ada's words; the API answers the same.
      await grace.goto(`${base}/agents/${agentId}`);
      await grace.waitForURL(/\?new=/);
      await grace.getByTestId('conversations-empty').waitFor();
      await grace.goto(`${base}/agents/${agentId}?session=${garden}`);
      await expect.poll(() => alerts(grace), { timeout: 15_000 }).not.toBe('');
      expect(await grace.locator('main').textContent()).not.toContain('garden party');
      expect(await titles(grace)).toEqual([]);
      expect((await inPage(grace, `/api/agent/sessions/${garden}`)).status).toBe(404);
      await shot(grace, 'conv', '10-member-private-by-address');

      // Grace's own conversation is hers alone: Ada does not see it either.
      await grace.getByRole('button', { name: 'New chat' }).click();
      await grace.waitForURL(/\?new=/);
      await send(grace, 'Ask about the compost heap');
      await expect.poll(() => titles(grace), { timeout: 15_000 }).toEqual(['Ask about the compost heap']);
      await ada.reload();
      await expect.poll(() => titles(ada)).toEqual(['Plan the garden party', 'Bicycle letter']);

      // Shared with the organization: each sees the other's, with who started it.
      const shared = await inPage(ada, `/api/agent/agents/${agentId}`, 'PATCH', {
        visibility: 'organization',
      });
      expect(shared.status).toBe(200);
      await grace.goto(`${base}/agents/${agentId}?session=${garden}`);
      await expect
        .poll(() => grace.locator('main').textContent(), { timeout: 15_000 })
        .toContain('Plan the garden party');
      await expect
        .poll(() => titles(grace))
        .toEqual(['Ask about the compost heap', 'Plan the garden party', 'Bicycle letter']);
      expect(await list(grace).getByTestId('started-by').allInnerTexts()).toEqual([
        ' · Ada Tester',
        ' · Ada Tester',
      ]);
      // In the chat too: each of Ada's messages carries her name for Grace.
      const senders = await grace.getByTestId('message-sender').allInnerTexts();
      expect(senders.length).toBeGreaterThan(0);
      expect(new Set(senders)).toEqual(new Set(['Ada Tester']));
      await shot(grace, 'conv', '11-member-shared');
      await ada.reload();
      await expect.poll(() => titles(ada)).toContain('Ask about the compost heap');
      expect(await list(ada).getByTestId('started-by').allInnerTexts()).toEqual([' · Grace Member']);

      // The runs list says who started each run: "you" for one's own, the name for the others'.
      await grace.getByRole('link', { name: 'Runs' }).click();
      await grace.waitForURL(/\/runs$/);
      const row = (prompt: string) => grace.locator('table[aria-label="Runs"] tbody tr', { hasText: prompt });
      await expect
        .poll(() => row('compost').locator('td[data-label="Started by"]').textContent())
        .toBe('you');
      expect(await row('bicycles').locator('td[data-label="Started by"]').textContent()).toBe('Ada Tester');
      await shot(grace, 'conv', '12-member-runs-started-by');
    });
  }, 300_000);

  it('desktop: more conversations than a page — older ones load as the list scrolls', async () => {
    await step(ada, 'scroll', async () => {
      // 32 conversations without 32 model runs: one run, then forks of its conversation (a
      // fork is a conversation of its own, titled like its source, active when it was made).
      const agent = await inPage<{ id: string }>(ada, '/api/agent/agents', 'POST', {
        name: 'Archive helper',
        adapterType: 'pi',
      });
      const run = await inPage<{ id: string; sessionId: string }>(
        ada,
        `/api/agent/agents/${agent.json.id}/runs`,
        'POST',
        {
          prompt: 'The first of many',
        },
      );
      expect(run.status).toBe(202);
      await expect
        .poll(
          async () => (await inPage<{ status: string }>(ada, `/api/agent/runs/${run.json.id}`)).json.status,
          {
            timeout: 60_000,
            interval: 500,
          },
        )
        .toBe('succeeded');
      for (let fork = 0; fork < 31; fork++) {
        expect((await inPage(ada, `/api/agent/sessions/${run.json.sessionId}/fork`, 'POST', {})).status).toBe(
          201,
        );
      }
      await ada.goto(`${platform.webUrl}/agents/${agent.json.id}`);
      await ada.waitForURL(/\?session=/);
      const items = list(ada).getByTestId('conversation');
      const more = ada.getByRole('button', { name: 'Load older conversations' });
      // The first page has arrived when its end offers more (on a loaded CI machine a page can
      // take longer than a poll's default second: wait for the page itself, then count).
      await more.waitFor();
      expect(await items.count()).toBe(30);
      // Scrolled into view, the end of the list loads the next page by itself (no click).
      const older = ada.waitForResponse((response) => /\/sessions\?.*cursor=/.test(response.url()));
      await more.scrollIntoViewIfNeeded();
      expect((await older).status()).toBe(200);
      await items.nth(31).waitFor();
      expect(await items.count()).toBe(32);
      expect(await ada.getByRole('button', { name: 'Load older conversations' }).count()).toBe(0);
      expect(new Set(await titles(ada))).toEqual(new Set(['The first of many']));
      await shot(ada, 'conv', '13-desktop-older-loaded');
    });
  }, 120_000);

  it('desktop: a link followed while the latest conversation loads is where the person lands', async () => {
    await step(ada, 'leave-while-resuming', async () => {
      const agent = await inPage<{ id: string }>(ada, '/api/agent/agents', 'POST', {
        name: 'Quick visit',
        adapterType: 'pi',
      });
      // The resume's answer and the editor's page are held, so the answer comes while the
      // navigation to the editor is still on its way (what a loaded machine or network does).
      const held = (pattern: RegExp) => {
        let release = () => {};
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        return { pattern, gate, release: () => release() };
      };
      const resume = held(/\/sessions\?limit=1$/);
      const editor = held(/\/agents\/agt_\w+\/edit(\?|$)/);
      for (const hold of [resume, editor]) {
        await ada.route(hold.pattern, async (route) => {
          await hold.gate;
          await route.continue();
        });
      }
      try {
        await ada.goto(`${platform.webUrl}/agents/${agent.json.id}`, { waitUntil: 'commit' });
        await ada.getByText('Opening your latest conversation…').waitFor();
        await ada.getByRole('link', { name: 'Edit agent settings' }).click();
        const answered = ada.waitForEvent('requestfinished', (request) => resume.pattern.test(request.url()));
        resume.release();
        await answered;
        // Two frames: the page has handled the answer (no conversation yet → a blank chat).
        await ada.evaluate(
          () =>
            new Promise<void>((done) => {
              const page = globalThis as unknown as { requestAnimationFrame(next: () => void): number };
              page.requestAnimationFrame(() => page.requestAnimationFrame(() => done()));
            }),
        );
        editor.release();
        await ada.getByRole('form', { name: 'Edit agent' }).waitFor();
        expect(new URL(ada.url()).pathname).toBe(`/agents/${agent.json.id}/edit`);
      } finally {
        resume.release();
        editor.release();
        await ada.unrouteAll({ behavior: 'wait' });
      }
    });
  }, 120_000);
});
