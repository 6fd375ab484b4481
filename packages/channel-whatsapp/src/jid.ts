/**
 * WhatsApp addresses ("JIDs"): `<digits>[:<device>]@s.whatsapp.net` for a phone number,
 * `<digits>@lid` for a LID (Baileys 7's privacy ids), `<id>@g.us` for a group,
 * `status@broadcast` for status updates. Written here rather than imported from Baileys so the
 * driver loads without it (Baileys loads only when a connection starts).
 */

/** The user and server of a JID, the device suffix dropped; undefined when it is not a JID. */
export function decodeJid(jid: string | null | undefined): { user: string; server: string } | undefined {
  if (!jid) return undefined;
  const at = jid.indexOf('@');
  if (at <= 0) return undefined;
  const server = jid.slice(at + 1);
  const user = jid.slice(0, at).split(':')[0]!.split('_')[0]!;
  if (!user || !server) return undefined;
  return { user, server };
}

/** The JID without its device (`336…:12@s.whatsapp.net` → `336…@s.whatsapp.net`). */
export function normalizeJid(jid: string | null | undefined): string | undefined {
  const decoded = decodeJid(jid);
  return decoded ? `${decoded.user}@${decoded.server}` : undefined;
}

export const isGroupJid = (jid: string | null | undefined) => decodeJid(jid)?.server === 'g.us';
export const isLidJid = (jid: string | null | undefined) => decodeJid(jid)?.server === 'lid';
export const isPhoneJid = (jid: string | null | undefined) => {
  const decoded = decodeJid(jid);
  return decoded?.server === 's.whatsapp.net' && /^\d{5,20}$/.test(decoded.user);
};
/** Status updates and broadcast lists: never a conversation with the agent. */
export const isBroadcastJid = (jid: string | null | undefined) => decodeJid(jid)?.server === 'broadcast';

/** `+33612345678` from a phone-number JID; undefined for anything else. */
export function e164FromJid(jid: string | null | undefined): string | undefined {
  return isPhoneJid(jid) ? `+${decodeJid(jid)!.user}` : undefined;
}

/** A JID we can send to: a phone number, a LID or a group. */
export function isSendableJid(jid: string): boolean {
  return (
    /^\d{5,20}@s\.whatsapp\.net$/.test(jid) || /^\d{1,30}@lid$/.test(jid) || /^[\d-]{5,40}@g\.us$/.test(jid)
  );
}

/**
 * The digits of a phone number typed by a person (`+33 6 12 34 56 78`, `0033…` is not
 * accepted: the country code comes first, without the international prefix). Undefined when
 * it is not a plausible E.164 number (7 to 15 digits, not starting with 0).
 */
export function phoneDigits(input: string): string | undefined {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\D/g, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
}
