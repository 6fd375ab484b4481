/**
 * Benchmark: what rendering answers as markdown costs the chat page, against the plain-text
 * view (the chat's "Answers as plain text" choice) measured in the same run, in Chromium against
 * the real platform (built web app, gateway, Agent API, Pi on the fake LLM):
 *
 * - a 200-message conversation (`--turns` prompts and their markdown answers: headings, lists,
 *   a table, a code block) opened cold: first contentful paint, and time to interactive — the
 *   later of "every message is on screen" and the end of the last long task (> 50 ms) before
 *   the main thread stays quiet for 2 s;
 * - one answer of `--megabytes` MB of markdown streamed in `--chunks` deltas: the time from
 *   Enter to the last byte on screen, the longest main-thread task and the total blocking time
 *   (the sum of every long task's time over 50 ms) — a frozen page shows here.
 *
 *   npm run bench:chat -- [--turns 100] [--rounds 3] [--megabytes 1] [--chunks 2000]
 *
 * Each figure is the median over the rounds; the two views alternate which goes first.
 */
import { parseArgs } from 'node:util';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { buildWebIfNeeded, launchChromium, signUp } from '@lifeosai/web/testing/browser';
import { startPlatform } from '@lifeosai/web/testing/platform';
import type { Browser, Page } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    turns: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    megabytes: { type: 'string', default: '1' },
    chunks: { type: 'string', default: '2000' },
  },
});
const turns = Number(args.turns);
const rounds = Number(args.rounds);
const streamBytes = Math.round(Number(args.megabytes) * 1024 * 1024);
const chunks = Number(args.chunks);
const endMarker = 'END-OF-STREAM-MARKER';
/** The chat's own key for the reader's choice (components/chat/plain-text-preference.ts). */
const plainTextKey = 'lifeosai.chat.plainText';

/** One answer of the conversation: the kinds of markdown an agent writes. */
function answer(turn: number): string {
  return [
    `## Step ${turn}`,
    '',
    `Here is **what changed** in step ${turn}, with a [reference](https://example.com/${turn}).`,
    '',
    '- read the configuration',
    '- [x] update the `settings` file',
    '- [ ] run the tests',
    '',
    '| File | Lines |',
    '| ---- | ----- |',
    `| src/step-${turn}.ts | ${turn * 3} |`,
    '',
    '```ts',
    `export function step${turn}(input: string): number {`,
    '  return input.length * 2; // doubled',
    '}',
    '```',
  ].join('\n');
}

/** About `bytes` of markdown: answers one after another, then the end marker. */
function bigMarkdown(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let turn = 1; size < bytes; turn++) {
    const part = `${answer(turn)}\n\n`;
    parts.push(part);
    size += part.length;
  }
  return `${parts.join('')}${endMarker}\n`;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;
const ratio = (markdown: number, plain: number) => (plain > 0 ? `${(markdown / plain).toFixed(2)}×` : '—');

/*
 * Page scripts are strings: the root type-check has no DOM library. Long tasks are recorded from
 * the first instant of every page.
 */
const observeLongTasks = `
  window.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }
  }).observe({ type: 'longtask', buffered: true });
`;
const now = 'performance.now()';
/**
 * The globals the polling predicates touch: `waitForFunction` runs a string through eval, which
 * the app's CSP forbids, so those are functions, typed by this.
 */
type PageGlobals = {
  document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
};

type View = 'markdown' | 'plain';

async function openPage(browser: Browser, storage: string, view: View): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    storageState: JSON.parse(storage),
  });
  await context.addInitScript({ content: observeLongTasks });
  await context.addInitScript({
    content:
      view === 'plain'
        ? `localStorage.setItem(${JSON.stringify(plainTextKey)}, '1')`
        : `localStorage.removeItem(${JSON.stringify(plainTextKey)})`,
  });
  return context.newPage();
}

const longTasks = (page: Page) => page.evaluate<{ start: number; end: number }[]>('window.longTasks');

/** Opens the conversation cold; FCP and TTI as the header describes. */
async function loadConversation(browser: Browser, storage: string, url: string, view: View) {
  const page = await openPage(browser, storage, view);
  await page.goto(url);
  await page.waitForFunction(
    (count) =>
      (globalThis as unknown as PageGlobals).document.querySelectorAll('.msg.assistant').length >= count,
    turns,
    { timeout: 120_000, polling: 'raf' },
  );
  const rendered = await page.evaluate<number>(now);
  // Quiet: no long task for 2 s.
  for (;;) {
    const tasks = await longTasks(page);
    const lastEnd = tasks.at(-1)?.end ?? 0;
    if ((await page.evaluate<number>(now)) - Math.max(lastEnd, rendered) >= 2000) break;
    await page.waitForTimeout(250);
  }
  const tasks = await longTasks(page);
  const fcp = await page.evaluate<number>(
    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN",
  );
  const tti = Math.max(rendered, ...tasks.map((task) => task.end));
  await page.context().close();
  return { fcp, tti };
}

/** Streams the big answer into a new chat; time to its last byte, longest task, blocking time. */
async function streamAnswer(browser: Browser, storage: string, url: string, view: View) {
  const page = await openPage(browser, storage, view);
  await page.goto(url);
  await page.getByLabel('Message').waitFor();
  await page.getByLabel('Message').fill('BIGSTREAM please');
  const profiler = process.env.BENCH_DEBUG ? await page.context().newCDPSession(page) : undefined;
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.start');
  const started = await page.evaluate<number>(now);
  await page.getByLabel('Message').press('Enter');
  await page.waitForFunction(
    (marker) =>
      Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('.msg.assistant'))
        .at(-1)
        ?.textContent?.includes(marker) === true,
    endMarker,
    { timeout: 300_000, polling: 100 },
  );
  const done = await page.evaluate<number>(now);
  if (profiler) {
    const { profile } = await profiler.send('Profiler.stop');
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const deltas = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, index) => {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || '(anon)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + (deltas[index] ?? 0) / 1000);
    });
    console.log(
      view,
      [...self]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([k, v]) => `${Math.round(v)}ms ${k}`)
        .join('\n'),
    );
  }
  const tasks = (await longTasks(page)).filter((task) => task.end >= started);
  await page.context().close();
  const durations = tasks.map((task) => task.end - task.start);
  if (process.env.BENCH_DEBUG)
    console.log(
      view,
      tasks.map((t) => `${Math.round(t.start - started)}+${Math.round(t.end - t.start)}`).join(' '),
      'done at',
      Math.round(done - started),
    );
  return {
    total: done - started,
    longest: Math.max(0, ...durations),
    blocking: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
  };
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  await buildWebIfNeeded();
  const fake = await startFakeLlm();
  const big = bigMarkdown(streamBytes);
  fake.on(
    (call) => call.lastUserText.includes('BIGSTREAM') && call.toolNames.length > 0,
    text(big, { chunks }),
  );
  fake.on(
    (call) => /TURN (\d+)/.test(call.lastUserText) && call.toolNames.length > 0,
    (call) => text(answer(Number(/TURN (\d+)/.exec(call.lastUserText)![1])), { chunks: 4 }),
  );
  const platform = await startPlatform({ llmUrl: fake.url });
  try {
    const setup = await (await browser.newContext()).newPage();
    await signUp(setup, platform.webUrl, 'bench-chat@example.com');
    /** A JSON call from the signed-in page (its cookie); every answer read here has these fields. */
    const call = (path: string, method: string, body?: unknown) =>
      setup.evaluate<
        { id: string; sessionId: string; status: string },
        { path: string; method: string; body: unknown }
      >(
        async ({ path, method, body }) => {
          const response = await fetch(path, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return (await response.json()) as { id: string; sessionId: string; status: string };
        },
        { path, method, body },
      );
    await call('/api/models/anthropic', 'PUT', { baseUrl: fake.url, apiKey: 'test' });
    const agent = await call('/api/agent/agents', 'POST', {
      name: 'Bench',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    // The conversation: `turns` runs in one session, one after another.
    const seeding = Date.now();
    let sessionId: string | undefined;
    for (let turn = 1; turn <= turns; turn++) {
      const run = await call(`/api/agent/agents/${agent.id}/runs`, 'POST', {
        prompt: `TURN ${turn}: next step please`,
        ...(sessionId && { sessionId }),
      });
      sessionId = run.sessionId;
      for (;;) {
        const { status } = await call(`/api/agent/runs/${run.id}`, 'GET');
        if (!['queued', 'running'].includes(status)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    console.log(`seeded ${turns * 2} messages in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    const storage = JSON.stringify(await setup.context().storageState());
    await setup.context().close();

    const chatUrl = `${platform.webUrl}/agents/${agent.id}`;
    const results = {
      markdown: { fcp: [], tti: [], total: [], longest: [], blocking: [] },
      plain: { fcp: [], tti: [], total: [], longest: [], blocking: [] },
    } as Record<View, Record<string, number[]>>;
    for (let round = 0; round < rounds; round++) {
      const order: View[] = round % 2 === 0 ? ['plain', 'markdown'] : ['markdown', 'plain'];
      for (const view of order) {
        const load = await loadConversation(browser, storage, `${chatUrl}?session=${sessionId}`, view);
        const stream = await streamAnswer(browser, storage, chatUrl, view);
        for (const [name, value] of Object.entries({ ...load, ...stream })) results[view][name]!.push(value);
        console.log(
          `round ${round + 1} ${view}: ${JSON.stringify({ ...load, ...stream }, (_k, v) => (typeof v === 'number' ? Math.round(v) : v))}`,
        );
      }
    }
    const row = (label: string, name: string) => {
      const markdown = median(results.markdown[name]!);
      const plain = median(results.plain[name]!);
      console.log(
        `${label.padEnd(44)} ${ms(plain).padStart(10)} ${ms(markdown).padStart(10)} ${ratio(markdown, plain).padStart(8)}`,
      );
    };
    console.log(`\nmedian of ${rounds} rounds${' '.repeat(26)} plain text   markdown    ratio`);
    row(`${turns * 2}-message chat: first contentful paint`, 'fcp');
    row(`${turns * 2}-message chat: time to interactive`, 'tti');
    row(`${(big.length / 1024 / 1024).toFixed(2)} MB streamed: Enter → last byte shown`, 'total');
    row('  longest main-thread task', 'longest');
    row('  total blocking time', 'blocking');
  } finally {
    await browser.close();
    await platform.stop();
    await fake.close();
  }
}

await main();
