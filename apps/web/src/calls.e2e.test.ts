/**
 * Browser end to end for calling an agent (issue 15, parts 4–5): the real platform, its bridge
 * on the fake Gemini Live (`GEMINI_LIVE_BASE_URL`), Debian's Chromium with a fake microphone
 * playing a WAV of a synthetic voice (one utterance, then silence). One platform:
 * - Desktop: the chat's Call → the microphone streams through the web origin's socket → the
 *   fake heard the caller and answers: both sides in the live transcript, the agent's voice back
 *   as binary frames (counted by the panel's `data-frames-in`), mute → hang up → the end in words
 *   → the call in the Calls list → its record with the transcript; a phone number added (its
 *   Twilio webhook shown) and a malformed one refused on the field.
 * - Phone (375 px): the call panel full width during a call, the Calls page and a call's record,
 *   nothing wider than the screen.
 * Screenshots go to test-artifacts/web/ (`calls-*`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeGeminiLive,
  startFakeGeminiLive,
  synthesizeSpeech,
} from '@lifeosai/testkit/fake-gemini-live';
import { text } from '@lifeosai/testkit/fake-llm';
import { writeWav } from '@lifeosai/voice-audio';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, signUp } from './testing/browser.ts';
import { browserSuite, desktop } from './testing/browser-suite.ts';
import { alerts, inPage } from './testing/form-page.ts';

/** The width the issue names for phones. */
const phone = { width: 375, height: 812 };

/** What the fake "hears" on each call (the WAV holds one utterance, so one turn), and says. */
const heard = 'Hello, can you hear me?';
const greeting = 'Hello, Voice helper here.';
const answer = 'Loud and clear.';

// The fake microphone's file: silence while the agent greets, one synthetic utterance, then
// silence long enough that the file (which Chromium loops) speaks once per call.
const folder = mkdtempSync(join(tmpdir(), 'lifeosai-calls-e2e-'));
const wavPath = join(folder, 'caller.wav');
const wavRate = 24_000;
let live: FakeGeminiLive;
beforeAll(async () => {
  const speech = synthesizeSpeech('hello can you hear me', 60);
  const audio = new Int16Array(wavRate * 4 + speech.length + wavRate * 15);
  audio.set(speech, wavRate * 4);
  writeFileSync(wavPath, writeWav(audio, wavRate));
  live = await startFakeGeminiLive();
});
afterAll(async () => {
  await live?.close();
  rmSync(folder, { recursive: true, force: true });
});
const suite = browserSuite({
  agentApiEnv: () => ({ GEMINI_LIVE_BASE_URL: live.baseUrl, GEMINI_API_KEY: live.apiKey }),
  chromiumArgs: [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wavPath}`,
  ],
});

let ada: Page;
let agentId: string;

/** Runs a step; on failure a screenshot and the platform's output tail go with the error. */
async function step(page: Page, errors: string[], name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, 'calls', `99-failure-${name}`).catch(() => undefined);
    throw new Error(
      `${String(error)}\n--- platform output (tail) ---\n${suite.platform.output().slice(-6000)}`,
    );
  }
}

const panel = (page: Page) => page.getByTestId('call-panel');
const lines = (page: Page, role: 'caller' | 'agent') =>
  panel(page).locator(`[data-testid="call-line"][data-role="${role}"]`).allTextContents();
const framesIn = async (page: Page) => Number(await panel(page).getAttribute('data-frames-in'));
const framesOut = async (page: Page) => Number(await panel(page).getAttribute('data-frames-out'));
const widest = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

/** Presses Call in the chat and waits until the fake greeted, heard the caller and answered. */
async function callAndHear(page: Page, answers: string[]): Promise<void> {
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await expect.poll(() => panel(page).getAttribute('data-phase'), { timeout: 15_000 }).toBe('live');
  await expect.poll(() => lines(page, 'caller'), { timeout: 20_000 }).toEqual([`You: ${heard}`]);
  await expect
    .poll(() => lines(page, 'agent'), { timeout: 30_000 })
    .toEqual([greeting, ...answers].map((said) => `Agent: ${said}`));
  // The agent's synthetic voice came back as binary frames (20 ms each: over a second of it),
  // and the microphone went out the same way (the caller spoke 4 s in).
  await expect.poll(() => framesIn(page)).toBeGreaterThan(50);
  expect(await framesOut(page)).toBeGreaterThan(200);
}

describe('calling an agent from the browser', () => {
  it('desktop: Call → the agent hears and answers → hang up → the call recorded → a phone number', async () => {
    const opened = await suite.newPage(desktop);
    ada = opened.page;
    await step(ada, opened.errors, 'desktop', async () => {
      const base = suite.platform.webUrl;
      await signUp(ada, base, 'ada.calls@example.com', 'Ada Tester');
      const agent = await inPage<{ id: string }>(ada, '/api/agent/agents', 'POST', {
        name: 'Voice helper',
        adapterType: 'pi',
      });
      expect(agent.status).toBe(201);
      agentId = agent.json.id;

      // The voice greets, hears the caller, asks the agent (a real Pi run on the fake LLM) and
      // speaks its answer; meanwhile the panel thinks, with the run.
      suite.fake.on((call) => call.lastUserText.includes('hear me'), text(answer));
      live.setScript([
        { say: greeting },
        { hear: heard, say: 'One moment.', call: { name: 'ask_agent', args: { question: heard } } },
      ]);
      await ada.goto(`${base}/agents/${agentId}`);
      const thinking = panel(ada).getByTestId('call-thinking');
      const runLink = thinking.getByRole('link', { name: 'the run' });
      const called = callAndHear(ada, ['One moment.', answer]);
      await expect.poll(() => runLink.getAttribute('href'), { timeout: 30_000 }).toMatch(/^\/runs\//);
      await shot(ada, 'calls', '01-call-thinking-desktop');
      await called;
      expect(live.conversations().at(-1)?.audioReceivedMs).toBeGreaterThan(500);
      await shot(ada, 'calls', '02-call-answered-desktop');

      // Mute sends silence (the button says so); Hang up ends the call, said in words.
      const mute = panel(ada).getByRole('button', { name: 'Mute' });
      await mute.click();
      expect(await panel(ada).getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe(
        'true',
      );
      await panel(ada).getByRole('button', { name: 'Hang up' }).click();
      await expect.poll(() => panel(ada).getAttribute('data-phase'), { timeout: 10_000 }).toBe('ended');
      expect(await panel(ada).getByTestId('call-ended').textContent()).not.toBe('');
      expect(await alerts(ada)).toBe('');
      await shot(ada, 'calls', '03-call-ended-desktop');

      // The Calls page, from the chat's links: the call, newest first, then its record.
      await ada.getByRole('link', { name: 'Calls', exact: true }).click();
      await ada.waitForURL(`${base}/agents/${agentId}/calls`);
      await ada.getByRole('heading', { name: 'Calls of Voice helper' }).waitFor();
      const row = ada.getByTestId('call-row').first();
      await expect
        .poll(() => row.textContent(), { timeout: 10_000 })
        .toMatch(/Ada Tester.*\(browser\).*Completed/);
      await ada.getByTestId('no-numbers').waitFor();
      await shot(ada, 'calls', '04-calls-desktop');
      await row.getByRole('link').click();
      await ada.waitForURL(new RegExp(`/agents/${agentId}/calls/[^/]+$`));
      const transcript = ada.getByTestId('transcript-line');
      await expect
        .poll(() => transcript.locator('p').allInnerTexts())
        .toEqual([greeting, heard, 'One moment.', answer]);
      expect(await transcript.nth(1).textContent()).toContain('Ada Tester');
      expect(await ada.getByRole('link', { name: 'run 1' }).getAttribute('href')).toMatch(/^\/runs\//);
      await ada.getByRole('link', { name: 'Open the conversation' }).waitFor();
      expect(await ada.getByTestId('call-end-reason').textContent()).not.toBe('It has not ended yet.');
      await shot(ada, 'calls', '05-call-record-desktop');

      // A phone number: a malformed one refused on the field, then one with its Twilio webhook.
      await ada.goto(`${base}/agents/${agentId}/calls`);
      const field = ada.getByLabel('Twilio number');
      await field.fill('555 0100');
      await ada.getByRole('button', { name: 'Add number' }).click();
      await expect.poll(() => ada.getByTestId('number-error').textContent()).toMatch(/E\.164|\+/);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await field.fill('+1 415 555 0100');
      await ada.getByRole('button', { name: 'Add number' }).click();
      const number = ada.getByTestId('phone-number');
      await number.getByRole('heading', { name: '+14155550100' }).waitFor();
      expect(await number.getByRole('textbox', { name: 'Voice webhook address' }).inputValue()).toBe(
        `${base}/api/phone/twilio/voice`,
      );
      await expect.poll(() => number.textContent()).toContain('Nobody is waiting');
      await shot(ada, 'calls', '06-phone-number-desktop');
    });
  }, 120_000);

  it('phone: the call panel, the Calls page and a record fit 375 px', async () => {
    const { page, errors } = await suite.newPage(phone, ada);
    await step(page, errors, 'phone', async () => {
      const base = suite.platform.webUrl;
      live.setScript([{ say: greeting }, { hear: heard, say: answer }]);
      await page.goto(`${base}/agents/${agentId}`);
      await callAndHear(page, [answer]);
      const box = await panel(page).boundingBox();
      expect(box!.width).toBeGreaterThan(phone.width - 40);
      expect(await widest(page)).toBeLessThanOrEqual(phone.width);
      await shot(page, 'calls', '07-call-live-phone');
      await panel(page).getByRole('button', { name: 'Hang up' }).click();
      await expect.poll(() => panel(page).getAttribute('data-phase'), { timeout: 10_000 }).toBe('ended');

      await page.goto(`${base}/agents/${agentId}/calls`);
      await expect.poll(() => page.getByTestId('call-row').count(), { timeout: 10_000 }).toBe(2);
      expect(await widest(page)).toBeLessThanOrEqual(phone.width);
      await shot(page, 'calls', '08-calls-phone');
      await page.getByTestId('call-row').first().getByRole('link').click();
      await page.getByTestId('transcript-line').first().waitFor();
      expect(await widest(page)).toBeLessThanOrEqual(phone.width);
      await shot(page, 'calls', '09-call-record-phone');
    });
  }, 60_000);
});
