import { type FakeLlm, startFakeLlm } from '@lifeosai/testkit/fake-llm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildWebIfNeeded, launchChromium, watchPageErrors } from './browser.ts';
import { type Platform, startPlatform } from './platform.ts';

/** The two screen sizes every browser test checks. */
export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };

/** One browser test file's world: Chromium, the fake LLM and the whole platform on it. */
export interface BrowserSuite {
  /** The platform (read it inside tests: it is set in `beforeAll`). */
  readonly platform: Platform;
  readonly fake: FakeLlm;
  readonly browser: Browser;
  /**
   * A page in a fresh context of that size, its page errors collected: its own cookies, or
   * those of `signedInAs` (the same person on another screen).
   */
  newPage(
    viewport: { width: number; height: number },
    signedInAs?: Page,
  ): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Registers the file's `beforeAll` (Chromium, the built web app, the fake LLM, the platform)
 * and `afterAll` (every context, the browser, the platform and the fake stopped), so a browser
 * test file starts its world in one line.
 */
export function browserSuite(
  options: {
    extraEnv?: Record<string, string>;
    /**
     * Environment for the Agent API only, asked for when the suite starts (after the file's own
     * `beforeAll`s registered before this call, so a fake network started there can give its address).
     */
    agentApiEnv?: () => Record<string, string>;
    /** More Chromium switches (a fake microphone and its audio file). */
    chromiumArgs?: readonly string[];
    /** The platform's config.json, asked for when the suite starts (like `agentApiEnv`). */
    config?: () => Record<string, unknown>;
  } = {},
): BrowserSuite {
  let platform: Platform | undefined;
  let fake: FakeLlm | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite is not started yet (use it inside tests)');
    return value;
  };

  beforeAll(async () => {
    browser = await launchChromium(options.chromiumArgs);
    await buildWebIfNeeded();
    fake = await startFakeLlm();
    platform = await startPlatform({
      llmUrl: fake.url,
      ...(options.extraEnv && { extraEnv: options.extraEnv }),
      ...(options.agentApiEnv && { agentApiEnv: options.agentApiEnv() }),
      ...(options.config && { config: options.config() }),
    });
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.stop();
    await fake?.close();
  }, 60_000);

  return {
    get platform() {
      return started(platform);
    },
    get fake() {
      return started(fake);
    },
    get browser() {
      return started(browser);
    },
    async newPage(viewport, signedInAs) {
      const context = await started(browser).newContext({
        viewport,
        ...(signedInAs && { storageState: await signedInAs.context().storageState() }),
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      watchPageErrors(page, errors);
      return { page, errors };
    },
  };
}
