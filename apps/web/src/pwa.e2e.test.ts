/**
 * The installable app, in Debian's Chromium against the real platform (auth, Agent API, gateway,
 * the built web app) and the fake LLM, at desktop and phone sizes:
 * - installable: the manifest is found and valid (CDP `Page.getAppManifest`), Chromium reports
 *   no installability error but the test profile's own (`Page.getInstallabilityErrors`), the
 *   icons and the favicon load, and the service worker controls the page;
 * - offline: a navigation without a network shows the offline page, never a cached page, and
 *   `/api/*` is never answered from a cache (nothing of it is in the caches);
 * - push (desktop): a device registered with an endpoint on the fake push service receives,
 *   when a run asks for permission, a VAPID-signed message that decrypts to a short summary;
 *   given to the service worker (CDP `ServiceWorker.deliverPushMessage`) it becomes a
 *   notification, and the run's end is shown only when no window of the app is visible.
 * A browser's own push service is unreachable here: the Settings section's "Turn on" must say
 * so in words. Screenshots go to test-artifacts/web/ (`pwa-*`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PushMessage } from '@lifeosai/api-contract';
import { type FakeLlm, startFakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { type FakePushService, startFakePushService } from '@lifeosai/testkit/fake-push';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfNeeded, launchChromium, shot, signUp, watchPageErrors } from './testing/browser.ts';
import { inPage } from './testing/form-page.ts';
import { type Platform, startPlatform } from './testing/platform.ts';

let fake: FakeLlm;
let pushService: FakePushService;
let platform: Platform;
let browser: Browser;
/** The instance's VAPID pair, as local mode generated it into $LIFEOSAI_HOME. */
let vapid: { publicKey: string; privateKey: string };

beforeAll(async () => {
  browser = await launchChromium();
  await buildWebIfNeeded();
  fake = await startFakeLlm();
  pushService = await startFakePushService();
  fake.on(
    (call) =>
      call.lastUserText.includes('PUSHTEST') &&
      call.toolNames.includes('bash') &&
      !call.lastMessageIsToolResult,
    () => toolCall({ name: 'bash', input: { command: 'echo push-ok-3' }, text: 'I need to run a command.' }),
  );
  fake.on((call) => call.lastMessageIsToolResult, text('The command printed push-ok-3.'));
  platform = await startPlatform({
    llmUrl: fake.url,
    // The operator allows the machine's own push service, as for a local model server.
    extraEnv: { LIFEOSAI_SANDBOX_ALLOW: `${new URL(fake.url).host},${new URL(pushService.url).host}` },
  });
  vapid = JSON.parse(readFileSync(join(platform.home, 'vapid.json'), 'utf8'));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
  await pushService?.close();
  await fake?.close();
}, 60_000);

async function withPage(
  prefix: string,
  options: { viewport: { width: number; height: number }; isMobile?: boolean },
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ ...options, hasTouch: options.isMobile === true });
  await context.grantPermissions(['notifications'], { origin: platform.webUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  watchPageErrors(page, errors);
  try {
    await body(page, context);
    expect(errors).toEqual([]);
  } catch (error) {
    await shot(page, prefix, '99-failure').catch(() => undefined);
    throw new Error(`${String(error)}\n--- platform output (tail) ---\n${platform.output().slice(-6000)}`);
  } finally {
    await context.close();
  }
}

/** Installable: manifest, icons, favicon, and a service worker in control of the page. */
async function installability(page: Page, cdp: CDPSession, prefix: string): Promise<void> {
  await page.goto(`${platform.webUrl}/settings`);
  await page.getByTestId('notifications').waitFor();
  await expect
    .poll(() => page.evaluate<string | null>('navigator.serviceWorker.controller?.scriptURL ?? null'), {
      timeout: 30_000,
    })
    .toBe(`${platform.webUrl}/sw.js`);

  const manifest = (await cdp.send('Page.getAppManifest')) as {
    url: string;
    errors: unknown[];
    data: string;
  };
  expect(manifest.url).toBe(`${platform.webUrl}/manifest.webmanifest`);
  expect(manifest.errors).toEqual([]);
  const data = JSON.parse(manifest.data);
  expect(data).toMatchObject({
    name: 'LIFEOSAI',
    display: 'standalone',
    start_url: '/',
    theme_color: '#3346d3',
  });
  expect(data.icons).toContainEqual(expect.objectContaining({ sizes: '512x512', purpose: 'maskable' }));
  const installability = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: Array<{ errorId: string }>;
  };
  // Playwright's contexts are incognito profiles, which Chromium never installs to: that is the
  // only objection allowed.
  expect(
    installability.installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito'),
  ).toEqual([]);

  const files = await page.evaluate(
    async (paths) => {
      const answers = await Promise.all(paths.map((path) => fetch(path)));
      return Promise.all(
        answers.map(async (answer) => {
          const bytes = new Uint8Array(await answer.arrayBuffer());
          const view = new DataView(bytes.buffer);
          // A PNG's width and height sit at bytes 16–23 (IHDR).
          const pngSize = bytes[1] === 0x50 ? `${view.getUint32(16)}x${view.getUint32(20)}` : null;
          return { status: answer.status, type: answer.headers.get('content-type'), pngSize };
        }),
      );
    },
    [
      '/favicon.ico',
      '/icons/icon.svg',
      '/icons/icon-192.png',
      '/icons/icon-512.png',
      '/icons/icon-maskable-512.png',
      '/icons/apple-touch-icon.png',
    ],
  );
  expect(files.map((file) => file.status)).toEqual([200, 200, 200, 200, 200, 200]);
  expect(files[0]!.type).toMatch(/image\/(x-icon|vnd.microsoft.icon)/);
  expect(files[1]!.type).toContain('image/svg+xml');
  expect(files.slice(2).map((file) => file.pngSize)).toEqual(['192x192', '512x512', '512x512', '180x180']);
  const head = await page.evaluate(`({
    manifest: document.querySelector('link[rel="manifest"]')?.getAttribute('href'),
    appleIcon: document.querySelector('link[rel="apple-touch-icon"]')?.getAttribute('href'),
    themeColor: document.querySelector('meta[name="theme-color"]')?.getAttribute('content'),
  })`);
  expect(head).toEqual({
    manifest: '/manifest.webmanifest',
    appleIcon: '/icons/apple-touch-icon.png',
    themeColor: '#3346d3',
  });
  expect(await page.getByTestId('install-help').textContent()).toContain('HTTPS');
  await shot(page, prefix, '01-settings-notifications');
}

/** Offline: the offline page for navigations; nothing of /api/* or of a page is in the caches. */
async function offline(page: Page, context: BrowserContext, prefix: string): Promise<void> {
  await page.goto(`${platform.webUrl}/agents`);
  await page.evaluate(() => fetch('/api/me').then((response) => response.status));
  const cached = await page.evaluate<{ names: string[]; urls: string[] }>(`(async () => {
    const names = await caches.keys();
    const urls = [];
    for (const name of names) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return { names, urls };
  })()`);
  expect(cached.names).toEqual(['lifeosai-shell-v1']);
  expect(cached.urls).toEqual(
    expect.arrayContaining(['/offline.html', '/icons/icon-192.png', '/favicon.ico']),
  );
  for (const path of cached.urls) {
    expect(path, 'only the shell and build assets are cached').toMatch(
      /^\/(offline\.html|favicon\.ico|icons\/.+|_next\/static\/.+)$/,
    );
  }

  await context.setOffline(true);
  try {
    await page.goto(`${platform.webUrl}/agents`);
    await page.getByRole('heading', { name: 'You are offline' }).waitFor();
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await shot(page, prefix, '02-offline');
    // API data never comes from a cache: offline, it simply fails.
    const apiOffline = await page.evaluate(() =>
      fetch('/api/me').then(
        (response) => `answered ${response.status}`,
        () => 'network error',
      ),
    );
    expect(apiOffline).toBe('network error');
  } finally {
    await context.setOffline(false);
  }
  await page.goto(`${platform.webUrl}/agents`);
  await expect.poll(() => page.getByRole('heading', { name: 'You are offline' }).count()).toBe(0);
}

/** "Turn on" in Settings: Chromium cannot reach a push service here, and the section says so in words. */
async function turnOnWithoutPushService(page: Page, prefix: string): Promise<void> {
  await page.goto(`${platform.webUrl}/settings`);
  const section = page.getByTestId('notifications');
  await section.getByRole('button', { name: 'Turn on notifications' }).click();
  // Headless Chromium here has no push service to register with (no network, no GCM).
  const alert = section.getByRole('alert');
  await alert.waitFor({ timeout: 30_000 });
  expect(await alert.textContent()).toMatch(
    /^The browser could not subscribe to its push service \(.+\)\. Check/,
  );
  // Nothing was registered: the section still offers to turn them on.
  expect(await section.getByRole('button', { name: 'Turn on notifications' }).isEnabled()).toBe(true);
  await shot(page, prefix, '03-turn-on');
}

describe('the installable app in a real browser', () => {
  it('desktop: installable, offline, and a push message when a run asks for permission', async () => {
    await withPage('pwa-desktop', { viewport: { width: 1280, height: 900 } }, async (page, context) => {
      await signUp(page, platform.webUrl, 'pwa-desktop@example.com');
      const cdp = await context.newCDPSession(page);
      await installability(page, cdp, 'pwa-desktop');
      await offline(page, context, 'pwa-desktop');
      await turnOnWithoutPushService(page, 'pwa-desktop');
      await pushOnPermission(page, cdp);
    });
  }, 300_000);

  it('phone (390×844): installable and offline', async () => {
    await withPage(
      'pwa-phone',
      { viewport: { width: 390, height: 844 }, isMobile: true },
      async (page, context) => {
        await signUp(page, platform.webUrl, 'pwa-phone@example.com');
        const cdp = await context.newCDPSession(page);
        await installability(page, cdp, 'pwa-phone');
        await offline(page, context, 'pwa-phone');
      },
    );
  }, 300_000);
});

/**
 * A device whose endpoint is the fake push service; a Pi agent that asks before its tool. The
 * message is checked at the push service (VAPID, decryption, no secret) and then handed to the
 * service worker as a browser's push service would.
 */
async function pushOnPermission(page: Page, cdp: CDPSession): Promise<void> {
  const key = await inPage<{ publicKey: string }>(page, '/api/agent/push/key');
  expect(key).toEqual({ status: 200, json: { publicKey: vapid.publicKey } });
  const device = pushService.subscribe();
  const registered = await inPage(page, '/api/agent/push/subscriptions', 'PUT', {
    subscription: device.subscription,
    events: ['permission_request', 'run_finished'],
  });
  expect(registered.status).toBe(200);
  const agent = await inPage<{ id: string }>(page, '/api/agent/agents', 'POST', {
    name: 'Careful Pi',
    adapterType: 'pi',
    adapterConfig: { permissions: { mode: 'ask' } },
  });
  expect(agent.status).toBe(201);
  const run = await inPage<{ id: string; sessionId: string }>(
    page,
    `/api/agent/agents/${agent.json.id}/runs`,
    'POST',
    {
      prompt: 'PUSHTEST please run it',
    },
  );
  expect(run.status).toBe(202);

  const asked = await pushService.waitFor(
    (delivery) => delivery.endpoint === device.subscription.endpoint,
    60_000,
  );
  expect(asked.status).toBe(201);
  expect(asked.vapid).toMatchObject({ valid: true, publicKey: vapid.publicKey });
  const message = asked.json<PushMessage>();
  expect(message).toEqual({
    kind: 'permission_request',
    title: 'Careful Pi asks to use bash',
    body: 'Open the conversation to allow or deny it.',
    url: `/agents/${agent.json.id}?session=${run.json.sessionId}`,
    tag: `permission-${run.json.id}`,
  });
  const plaintext = asked.decrypt().toString('utf8');
  for (const secret of ['PUSHTEST', 'echo push-ok-3', vapid.privateKey])
    expect(plaintext).not.toContain(secret);

  // What the browser's push service would do next: wake the service worker with the message.
  const registrationId = await serviceWorkerRegistration(cdp);
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: platform.webUrl,
    registrationId,
    data: plaintext,
  });
  await expect
    .poll(() =>
      page.evaluate(`(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((shown) => ({
          title: shown.title,
          body: shown.body,
          tag: shown.tag,
          url: shown.data.url,
        })))()`),
    )
    .toEqual([{ title: message.title, body: message.body, tag: message.tag, url: message.url }]);

  // Clicking it opens the conversation, where the request waits.
  await page.goto(`${platform.webUrl}${message.url}`);
  const card = page.getByTestId('permission-card').last();
  await card.waitFor({ timeout: 60_000 });
  await shot(page, 'pwa-desktop', '04-opened-from-notification');
  await card.getByRole('button', { name: 'Allow' }).click();
  const finished = await pushService.waitFor(
    (delivery) =>
      delivery.endpoint === device.subscription.endpoint &&
      delivery.json<PushMessage>().kind === 'run_finished',
    60_000,
  );
  expect(finished.json<PushMessage>()).toMatchObject({ title: 'Careful Pi finished', url: message.url });
  // This window is visible: "finished" is for someone who left, so the worker shows nothing.
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: platform.webUrl,
    registrationId,
    data: finished.decrypt().toString('utf8'),
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const titles = await page.evaluate(
    `(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((shown) => shown.title))()`,
  );
  expect(titles).toEqual([message.title]);
  await inPage(page, `/api/agent/push/subscriptions/${(registered.json as { id: string }).id}`, 'DELETE');
}

/** The page's service worker registration id, as CDP names it. */
async function serviceWorkerRegistration(cdp: CDPSession): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (event: { registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> }) => {
        const registration = event.registrations.find(
          (entry) => entry.scopeURL === `${platform.webUrl}/` && !entry.isDeleted,
        );
        if (registration) resolve(registration.registrationId);
      },
    );
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}
