import { z } from 'zod';
import { timestampSchema } from './fields.ts';

/**
 * What a device may be told about, each chosen per device: a run asks for permission before a
 * tool (`permission_request`), a run ended while no window of the app was visible
 * (`run_finished`; the service worker drops it when one is), a channel sender waits for the
 * owner's approval (`sender_approval`).
 */
export const pushEventKinds = ['permission_request', 'run_finished', 'sender_approval'] as const;

export type PushEventKind = (typeof pushEventKinds)[number];

/** `GET /api/agent/push/key`: the instance's VAPID public key (the browser's `applicationServerKey`). */
export const pushKeySchema = z.object({
  /** Base64url of the uncompressed P-256 point (65 bytes). */
  publicKey: z.string(),
});

export type PushKey = z.infer<typeof pushKeySchema>;

/** Base64url (unpadded, as browsers give it; padding tolerated) of exactly `bytes` bytes. */
const base64url = (bytes: number) => {
  const characters = Math.ceil((bytes * 4) / 3);
  const padding = (4 - (characters % 4)) % 4;
  return z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_-]{${characters}}={0,${padding}}$`),
      `expected ${bytes} bytes in base64url`,
    );
};

/** A browser's `PushSubscription.toJSON()` (what `pushManager.subscribe` gave this device). */
export const pushSubscriptionJsonSchema = z.object({
  /** The push service's URL for this device (http or https; delivery is held to the egress policy). */
  endpoint: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .describe("The push service's URL for this device."),
  /** Ignored: the push service's own expiry, when it gives one. */
  expirationTime: z.number().nullable().optional(),
  keys: z
    .object({
      /** The device's P-256 public key (65 bytes, base64url). */
      p256dh: base64url(65),
      /** The device's auth secret (16 bytes, base64url). */
      auth: base64url(16),
    })
    .strict(),
});

/** `PUT /api/agent/push/subscriptions`: registers this device (or updates its events); keyed by endpoint. */
export const putPushSubscriptionBody = z
  .object({
    subscription: pushSubscriptionJsonSchema,
    /** What this device is told about; empty keeps the device registered but silent. */
    events: z.array(z.enum(pushEventKinds)).max(pushEventKinds.length),
    /** A name to recognise the device by (e.g. the browser and system); optional. */
    label: z.string().trim().max(200).optional(),
  })
  .strict();

export type PutPushSubscriptionBody = z.infer<typeof putPushSubscriptionBody>;

/** A device of the caller that receives push notifications (its keys are never returned). */
export const pushDeviceSchema = z.object({
  id: z.string(),
  /** The push service's URL for the device (the app finds its own device by it). */
  endpoint: z.string(),
  /** What it is told about. */
  events: z.array(z.enum(pushEventKinds)),
  /** The name given at registration; null without one. */
  label: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type PushDevice = z.infer<typeof pushDeviceSchema>;

/** `GET /api/agent/push/subscriptions`: the caller's own devices. */
export const pushDeviceListSchema = z.object({ items: z.array(pushDeviceSchema) });

/**
 * What a notification carries (JSON, encrypted for the device): a short summary and where to
 * go, never a transcript or a secret.
 */
export const pushMessageSchema = z.object({
  kind: z.enum(pushEventKinds),
  /** At most 80 characters. */
  title: z.string().max(80),
  /** At most 160 characters. */
  body: z.string().max(160),
  /** A path of the app to open on click (same origin). */
  url: z.string().startsWith('/'),
  /** Notifications with the same tag replace each other (one per run and kind). */
  tag: z.string(),
});

export type PushMessage = z.infer<typeof pushMessageSchema>;
