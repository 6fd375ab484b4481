import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';

/**
 * A browser's side of a push subscription, made by a test: the key pair and auth secret the
 * browser would keep, and what `PushSubscription.toJSON().keys` would show of them.
 */
export interface TestSubscriptionKeys {
  /** The P-256 public key (65 bytes, base64url), as `keys.p256dh`. */
  p256dh: string;
  /** The auth secret (16 bytes, base64url), as `keys.auth`. */
  auth: string;
  /** The private key (32 bytes, base64url): only the test holds it. */
  privateKey: string;
}

/** A fresh subscription key pair and auth secret, as a browser would make them. */
export function createSubscriptionKeys(): TestSubscriptionKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    p256dh: ecdh.getPublicKey('base64url'),
    auth: randomBytes(16).toString('base64url'),
    privateKey: ecdh.getPrivateKey('base64url'),
  };
}

const TAG_BYTES = 16;

/**
 * Decrypts a Web Push message body (`Content-Encoding: aes128gcm`, RFC 8291 over RFC 8188) with
 * the subscription's private key and auth secret, as the browser does. Throws when the body was
 * not encrypted for these keys or was altered.
 */
export function decryptPushPayload(body: Buffer, keys: TestSubscriptionKeys): Buffer {
  // RFC 8188 header: salt (16) | record size (uint32) | key id length (1) | key id.
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const keyIdLength = body[20]!;
  const senderPublicKey = body.subarray(21, 21 + keyIdLength);
  const records = body.subarray(21 + keyIdLength);
  if (keyIdLength !== 65 || recordSize < TAG_BYTES + 2) throw new Error('not an aes128gcm Web Push body');

  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(keys.privateKey, 'base64url'));
  const sharedSecret = ecdh.computeSecret(senderPublicKey);
  const receiverPublicKey = Buffer.from(keys.p256dh, 'base64url');
  // RFC 8291 §3.4: the input keying material binds both public keys and the auth secret.
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublicKey, senderPublicKey]);
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, Buffer.from(keys.auth, 'base64url'), keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));

  const plain: Buffer[] = [];
  for (let offset = 0, index = 0; offset < records.length; offset += recordSize, index++) {
    const record = records.subarray(offset, offset + recordSize);
    const nonce = Buffer.from(baseNonce);
    // The record's sequence number is XORed into the nonce's end (records past 2^32 never occur).
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const padded = Buffer.concat([
      decipher.update(record.subarray(0, record.length - TAG_BYTES)),
      decipher.final(),
    ]);
    // Padding: a delimiter (2 on the last record, 1 before) then zeros.
    let end = padded.length - 1;
    while (end >= 0 && padded[end] === 0) end--;
    if (end < 0 || (padded[end] !== 1 && padded[end] !== 2)) throw new Error('bad record padding');
    plain.push(padded.subarray(0, end));
  }
  return Buffer.concat(plain);
}
