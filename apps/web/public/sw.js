/*
 * LIFEOSAI's service worker: the app shell offline, and push notifications.
 *
 * What is cached, and why only that: the offline page and the icons (precached), and Next.js's
 * build assets under /_next/static/ (content-hashed, the same for every user, never data). Pages
 * are never cached — they are rendered for a signed-in person and may show their agents — and
 * /api/* is never even intercepted: API data always comes from the network. A navigation that
 * cannot reach the server gets the offline page instead.
 *
 * Bump VERSION when the precached files change: the new worker's activate step deletes every
 * older LIFEOSAI cache.
 */
const VERSION = 'v1';
const CACHE = `lifeosai-shell-${VERSION}`;
const OFFLINE_PAGE = '/offline.html';
const PRECACHE = [OFFLINE_PAGE, '/icons/icon.svg', '/icons/icon-192.png', '/favicon.ico'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('lifeosai-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // API data (JSON, SSE) always goes to the network, untouched.
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_PAGE)));
    return;
  }
  if (url.pathname.startsWith('/_next/static/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    await cache.put(request, response.clone());
    await trim(cache);
  }
  return response;
}

/** Build assets of past deployments pile up under one VERSION: keep the newest few hundred. */
const MAX_ENTRIES = 300;
async function trim(cache) {
  const keys = await cache.keys();
  const stale = keys.filter((key) => !PRECACHE.includes(new URL(key.url).pathname));
  for (const key of stale.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) await cache.delete(key);
}

/*
 * A message is JSON {kind, title, body, url, tag} (packages/api-contract `pushMessageSchema`).
 * "A run finished" is for someone who left: it is shown only when no window of the app is visible.
 */
self.addEventListener('push', (event) => {
  event.waitUntil(showPush(event.data));
});

async function showPush(data) {
  let message;
  try {
    message = data ? data.json() : undefined;
  } catch {
    message = undefined;
  }
  if (!message || typeof message.title !== 'string') return;
  if (message.kind === 'run_finished') {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    if (windows.some((client) => client.visibilityState === 'visible')) return;
  }
  await self.registration.showNotification(message.title, {
    body: typeof message.body === 'string' ? message.body : '',
    tag: typeof message.tag === 'string' ? message.tag : undefined,
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    data: { url: typeof message.url === 'string' && message.url.startsWith('/') ? message.url : '/' },
  });
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? '/', self.location.origin).href;
  event.waitUntil(openOrFocus(target));
});

async function openOrFocus(target) {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (open) {
    await open.focus();
    if (open.url !== target && 'navigate' in open) await open.navigate(target);
    return;
  }
  await self.clients.openWindow(target);
}

/*
 * The push service replaced this device's subscription: register the new one with the events the
 * old one had, so notifications keep coming without a visit to Settings.
 */
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

async function renewSubscription(oldSubscription, newSubscription) {
  const devices = await fetch('/api/agent/push/subscriptions', { credentials: 'same-origin' }).then((r) =>
    r.ok ? r.json() : { items: [] },
  );
  const previous = devices.items.find((device) => device.endpoint === oldSubscription?.endpoint);
  if (!previous) return;
  let subscription = newSubscription;
  if (!subscription) {
    const key = await fetch('/api/agent/push/key', { credentials: 'same-origin' }).then((r) => r.json());
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key.publicKey,
    });
  }
  await fetch('/api/agent/push/subscriptions', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      subscription: subscription.toJSON(),
      events: previous.events,
      label: previous.label ?? undefined,
    }),
  });
  if (subscription.endpoint === previous.endpoint) return;
  await fetch(`/api/agent/push/subscriptions/${encodeURIComponent(previous.id)}`, {
    method: 'DELETE',
    credentials: 'same-origin',
  }).catch(() => undefined);
}
