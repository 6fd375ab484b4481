/**
 * Inside the chat, in a real browser against the real platform and the fake LLM: an answer as
 * markdown (table, task list, strikethrough, safe links, highlighted code copied to the
 * clipboard), attachments reaching the agent, Stop during Claude Code's "requesting" and during
 * a Pi run (from the button, the shortcut's event and the run page), "Stopped by you", and a
 * failure after partial output (the text kept, one error in words, no "Done"). Desktop and
 * phone share the platform; each page load checks several things. Screenshots go to
 * test-artifacts/web/.
 */
import { type FakeLlm, reply, stall, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, signUp, watchPageErrors } from './testing/browser.ts';
import { inPage } from './testing/form-page.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

const code = 'const answer: number = 42;\nconsole.log(answer);';
const markdown = [
  '# Plan',
  '',
  'Some **bold** words, ~~struck~~ ones, and a [docs link](https://example.com/docs).',
  '',
  '| Step | Owner |',
  '| ---- | ----- |',
  '| Build | Ada |',
  '',
  '- [x] written',
  '- [ ] shipped',
  '',
  '```ts',
  code,
  '```',
  '',
  'Raw HTML is dropped: <img src="x" onerror="window.hacked=1"> and [a trap](javascript:alert(1)).',
].join('\n');

let fake: FakeLlm;
let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  // Only requests that declare tools: a harness's background requests never consume these.
  const asks = (word: string) => (call: { lastUserText: string; toolNames: string[] }) =>
    call.lastUserText.includes(word) && call.toolNames.length > 0;
  fake.on(asks('MARKDOWNTEST'), text(markdown, { chunks: 12 }));
  fake.on(
    (call) => asks('ATTACHTEST')(call) && call.lastMessageIsToolResult,
    (call) => text(`The note says: ${call.lastToolResultText}`),
  );
  fake.on(asks('ATTACHTEST'), (call) =>
    toolCall({
      name: call.toolNames.find((name) => name.endsWith('read_agent_file'))!,
      input: { path: /read it at (attachments\/[^\]]+?) in your workspace/.exec(call.lastUserText)?.[1] },
    }),
  );
  fake.on(asks('STALLTEST'), stall({ afterText: 'Thinking about it' }));
  fake.on(asks('SILENTTEST'), stall());
  // Half an answer, then the provider refuses mid-stream (a 400: not retried).
  fake.on(
    asks('FAILTEST'),
    reply(
      { text: 'Here is the first half of the answer' },
      { kind: 'error', status: 400, message: 'Broken request' },
    ),
  );
  platform = await startPlatform({ llmUrl: fake.url });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await fake?.close();
}, 60_000);

/** A signed-up account with the fake as its Anthropic provider, a Pi and a Claude Code agent. */
async function account(viewport: { width: number; height: number }, prefix: string) {
  const context = await browser.newContext({ viewport, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const errors: string[] = [];
  watchPageErrors(page, errors);
  await signUp(page, platform.webUrl, `${prefix}@example.com`);
  expect(
    (await inPage(page, '/api/models/anthropic', 'PUT', { baseUrl: fake.url, apiKey: 'test' })).status,
  ).toBe(200);
  const agent = async (body: object) => {
    const created = await inPage<{ id: string }>(page, '/api/agent/agents', 'POST', body);
    expect(created.status).toBe(201);
    return created.json.id;
  };
  const pi = await agent({
    name: 'Pi helper',
    adapterType: 'pi',
    adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  });
  const claude = await agent({
    name: 'Claude helper',
    adapterType: 'claude-code',
    adapterConfig: { model: 'claude-haiku-4-5' },
  });
  return { context, page, errors, pi, claude };
}

async function withAccount(
  viewport: { width: number; height: number },
  prefix: string,
  body: (page: Page, agents: { pi: string; claude: string }, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const { context, page, errors, pi, claude } = await account(viewport, prefix);
  try {
    await body(page, { pi, claude }, context);
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, prefix, 'chat-99-failure').catch(() => undefined);
    throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
  } finally {
    await context.close();
  }
}

async function send(page: Page, prompt: string): Promise<void> {
  await page.getByLabel('Message').fill(prompt);
  await page.getByLabel('Message').press('Enter');
  await page.waitForURL(/[?&]run=run_/);
}

const transcript = (page: Page) => page.getByRole('region', { name: 'Conversation' });
// Page scripts are strings: the root type-check has no DOM library.
const status = (page: Page) => page.getByTestId('run-status').textContent();

/** The markdown answer: rendered, sanitized, its code highlighted and copied. */
async function checkMarkdown(page: Page, prefix: string): Promise<void> {
  await send(page, 'MARKDOWNTEST please');
  const answer = page.locator('.msg.assistant').last();
  await expect
    .poll(() => answer.locator('table td').allInnerTexts(), { timeout: 60_000 })
    .toEqual(['Build', 'Ada']);
  await expect.poll(() => status(page), { timeout: 30_000 }).toContain('succeeded');
  expect(await answer.locator('h1').textContent()).toBe('Plan');
  expect(await answer.locator('strong').textContent()).toBe('bold');
  expect(await answer.locator('del').textContent()).toBe('struck');
  expect(await answer.locator('input[type="checkbox"]').count()).toBe(2);
  const link = answer.getByRole('link', { name: 'docs link' });
  expect(await link.getAttribute('href')).toBe('https://example.com/docs');
  expect(await link.getAttribute('target')).toBe('_blank');
  expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  // Nothing raw from the model: no element from its HTML, no javascript: link.
  expect(await answer.locator('img').count()).toBe(0);
  expect(await answer.locator('a[href^="javascript"]').count()).toBe(0);
  expect(await answer.textContent()).toContain('a trap');
  expect(await page.evaluate('window.hacked')).toBeUndefined();
  // The code block: its language, highlighted, and Copy puts exactly the code on the clipboard.
  const block = answer.locator('pre').locator('..');
  expect(await block.textContent()).toContain('ts');
  expect(await answer.locator('pre .hljs-keyword').count()).toBeGreaterThan(0);
  await answer.getByRole('button', { name: 'Copy' }).click();
  await expect.poll(() => answer.locator('button[data-copied="yes"]').textContent()).toBe('Copied');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(code);
  expect(await transcript(page).textContent()).toContain('Done');
  // The finished run leaves the URL on its conversation.
  await page.waitForURL(/\?session=ses_[^&]+$/);
  await shot(page, prefix, 'chat-01-markdown');
}

describe('inside the chat, in a real browser', () => {
  it('desktop: markdown and copy, attachments, a failure after partial output, Stop on Claude Code while requesting', async () => {
    await withAccount({ width: 1280, height: 900 }, 'chat-desktop', async (page, agents) => {
      const base = platform.webUrl;
      await page.goto(`${base}/agents/${agents.pi}`);
      // The chat names the agent, never its id.
      await expect.poll(() => page.getByTestId('agent-name').textContent()).toBe('Pi helper');
      await checkMarkdown(page, 'chat-desktop');

      // Attachments: a note and an image, uploaded into the workspace; the agent reads the note.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      await page.getByLabel('Attach files').setInputFiles([
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('the secret word is marmalade') },
        { name: 'dot.png', mimeType: 'image/png', buffer: png },
      ]);
      const chips = page.getByRole('list', { name: 'Attachments' });
      await expect.poll(() => chips.locator('[data-state="ready"]').count(), { timeout: 30_000 }).toBe(2);
      await shot(page, 'chat-desktop', 'chat-02-attachments-ready');
      await send(page, 'ATTACHTEST read the note');
      await expect
        .poll(() => page.locator('.msg.assistant').last().textContent(), { timeout: 60_000 })
        .toContain('marmalade');
      const sent = page.locator('.msg.user').last();
      expect(await sent.getByRole('list', { name: 'Attached files' }).textContent()).toContain('notes.txt');
      expect(await sent.locator('img[alt="dot.png"]').count()).toBe(1);
      const prompts = fake.modelRequests().map((request) => JSON.stringify(request.body));
      expect(
        prompts.some((body) => /read it at attachments\/[0-9a-f]{8}-notes\.txt in your workspace/.test(body)),
      ).toBe(true);
      // A file over the limit is refused in words, before any upload.
      await page
        .getByLabel('Attach files')
        .setInputFiles([
          { name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(600 * 1024) },
        ]);
      expect(await chips.textContent()).toMatch(
        /600\.0 KB is over the 512\.0 KB limit; attach a smaller file/,
      );
      await shot(page, 'chat-desktop', 'chat-03-attachment-read');
      await chips.getByRole('button', { name: 'Remove big.bin' }).click();
      // A file dropped on the chat and one pasted into the box are attached too.
      await page.evaluate(`(() => {
        const file = (name) => { const data = new DataTransfer(); data.items.add(new File(['x'], name, { type: 'text/plain' })); return data; };
        document.querySelector('section[aria-label="Chat"]').dispatchEvent(new DragEvent('drop', { dataTransfer: file('dropped.txt'), bubbles: true, cancelable: true }));
        document.querySelector('form.composer textarea').dispatchEvent(new ClipboardEvent('paste', { clipboardData: file('pasted.txt'), bubbles: true, cancelable: true }));
      })()`);
      await expect
        .poll(() => chips.locator('[data-state="ready"]').allTextContents())
        .toEqual([expect.stringContaining('dropped.txt'), expect.stringContaining('pasted.txt')]);
      await chips.getByRole('button', { name: 'Remove dropped.txt' }).click();
      await chips.getByRole('button', { name: 'Remove pasted.txt' }).click();

      // Edit the last message: Pi can fork, so the edit replaces that turn in a fork before it.
      await page.waitForURL(/\?session=ses_[^&]+$/);
      const before = new URL(page.url()).searchParams.get('session');
      await page.getByRole('button', { name: 'Edit last message' }).click();
      expect(await page.getByTestId('edit-banner').textContent()).toContain('replaces its turn');
      await send(page, 'MARKDOWNTEST instead');
      await expect.poll(() => status(page), { timeout: 60_000 }).toContain('succeeded');
      expect(new URL(page.url()).searchParams.get('session')).not.toBe(before);
      expect(await page.locator('.msg.user').allTextContents()).toEqual([
        'MARKDOWNTEST please',
        'MARKDOWNTEST instead',
      ]);
      await shot(page, 'chat-desktop', 'chat-03b-edited');

      // A failure after partial output: the text stays, one error in words, never "Done".
      // A new chat: the bare agent address would resume the conversation above (its "Done" too).
      await page.goto(`${base}/agents/${agents.pi}?new=failure`);
      await send(page, 'FAILTEST now');
      await expect.poll(() => status(page), { timeout: 60_000 }).toContain('failed');
      const failed = transcript(page);
      await expect.poll(() => failed.locator('[data-outcome="failed"]').count()).toBe(1);
      expect(await page.locator('.msg.assistant').last().textContent()).toContain(
        'Here is the first half of the answer',
      );
      expect(await failed.locator('[role="alert"]').count()).toBe(1);
      expect(await failed.locator('[role="alert"]').textContent()).toMatch(/check|send|try/i);
      expect(await failed.textContent()).not.toContain('Done');
      expect(await failed.textContent()).not.toContain('error_during_execution');
      await shot(page, 'chat-desktop', 'chat-04-failed-after-partial-output');

      // Claude Code waiting on a model that never answers: Stop stays through "requesting".
      await page.goto(`${base}/agents/${agents.claude}`);
      await expect.poll(() => page.getByTestId('agent-name').textContent()).toBe('Claude helper');
      await send(page, 'SILENTTEST');
      await expect.poll(() => status(page), { timeout: 60_000 }).toContain('waiting for the model');
      await shot(page, 'chat-desktop', 'chat-05-claude-requesting');
      await page.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => status(page), { timeout: 30_000 }).toContain('cancelled');
      await expect.poll(() => transcript(page).textContent()).toContain('Stopped by you');
      expect(await transcript(page).locator('[role="alert"]').count()).toBe(0);
      await shot(page, 'chat-desktop', 'chat-06-claude-stopped');
    });
  }, 300_000);

  it('phone: markdown, Stop of a Pi run by the shortcut event, Stop on the run page', async () => {
    await withAccount({ width: 390, height: 844 }, 'chat-phone', async (page, agents) => {
      const base = platform.webUrl;
      await page.goto(`${base}/agents/${agents.pi}`);
      await checkMarkdown(page, 'chat-phone');

      // The shortcuts reach the chat as window events: focus the box, stop the run.
      await page.evaluate("window.dispatchEvent(new CustomEvent('lifeosai:focus-composer'))");
      expect(await page.evaluate('document.activeElement?.tagName')).toBe('TEXTAREA');
      await send(page, 'STALLTEST please');
      await expect
        .poll(() => page.locator('.msg.assistant').last().textContent(), { timeout: 60_000 })
        .toContain('Thinking about it');
      await page.evaluate("window.dispatchEvent(new CustomEvent('lifeosai:stop-run'))");
      await expect.poll(() => status(page), { timeout: 30_000 }).toContain('cancelled');
      await expect.poll(() => transcript(page).textContent()).toContain('Stopped by you');
      expect(await page.locator('.msg.assistant').last().textContent()).toContain('Thinking about it');
      await shot(page, 'chat-phone', 'chat-02-pi-stopped');

      // The run page: Stop while the run goes, then "Stopped by you." in words.
      const started = await inPage<{ id: string }>(page, `/api/agent/agents/${agents.pi}/runs`, 'POST', {
        prompt: 'STALLTEST on the run page',
      });
      expect(started.status).toBe(202);
      await page.goto(`${base}/runs/${started.json.id}`);
      const control = page.getByTestId('run-control');
      await control.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => control.textContent(), { timeout: 30_000 }).toBe('Stopped by you.');
      await shot(page, 'chat-phone', 'chat-03-run-page-stopped');
    });
  }, 300_000);
});
