'use client';

import type { PushDevice, PushEventKind, PushKey } from '@lifeosai/api-contract';
import { api } from '../../lib/api.ts';

/** Why this browser cannot receive push here, in words; undefined when it can. */
export function pushUnsupportedReason(): string | undefined {
  if (!window.isSecureContext) {
    return 'Notifications need the app on an HTTPS address (or localhost on this computer). Open the instance from its public HTTPS URL.';
  }
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'This browser cannot receive push notifications here. On an iPhone or iPad, add LIFEOSAI to the Home Screen first and open it from there.';
  }
  return undefined;
}

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  return registration.pushManager.getSubscription();
}

/** The caller's registered device that is this browser, if any. */
export async function thisDevice(subscription: PushSubscription | null): Promise<PushDevice | undefined> {
  if (!subscription) return undefined;
  const { items } = await api<{ items: PushDevice[] }>('/api/agent/push/subscriptions');
  return items.find((device) => device.endpoint === subscription.endpoint);
}

/** A short name for this device, to recognise it in a list (browser and system, no version). */
function deviceLabel(): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'Browser';
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Mac OS X/.test(agent)
        ? 'macOS'
        : /Windows/.test(agent)
          ? 'Windows'
          : /Linux/.test(agent)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${system}`;
}

/**
 * Asks permission, subscribes this browser with the instance's VAPID key and registers it with
 * `events`. Throws an Error whose message says what to do.
 */
export async function enablePush(events: PushEventKind[]): Promise<PushDevice> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    throw new Error(
      'Notifications are blocked for this site. Allow them in the browser’s site settings (the icon left of the address), then try again.',
    );
  }
  const { publicKey } = await api<PushKey>('/api/agent/push/key');
  const registration = await navigator.serviceWorker.ready;
  let subscription: PushSubscription;
  try {
    subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64Url(publicKey),
      }));
  } catch (error) {
    throw new Error(
      `The browser could not subscribe to its push service (${(error as Error).message}). Check the connection and try again; some browsers need the app installed first.`,
    );
  }
  return saveDevice(subscription, events);
}

/** Registers (or updates) this browser's subscription with `events`. */
export function saveDevice(subscription: PushSubscription, events: PushEventKind[]): Promise<PushDevice> {
  return api<PushDevice>('/api/agent/push/subscriptions', {
    method: 'PUT',
    body: { subscription: subscription.toJSON(), events, label: deviceLabel() },
  });
}

/** Forgets this device on the server and unsubscribes the browser. */
export async function disablePush(device: PushDevice | undefined): Promise<void> {
  if (device)
    await api(`/api/agent/push/subscriptions/${encodeURIComponent(device.id)}`, { method: 'DELETE' });
  await (await currentSubscription())?.unsubscribe();
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
