import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher, secretAad } from './cipher.ts';

const key = randomBytes(32);

function decryptError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected decrypt to fail');
}

describe('SecretCipher', () => {
  it('round-trips a value and never repeats a ciphertext', () => {
    const cipher = new SecretCipher(key);
    const aad = secretAad('org_1', 'OPENAI_API_KEY');
    const first = cipher.encrypt('sk-live-ünïcode-value', aad);
    const second = cipher.encrypt('sk-live-ünïcode-value', aad);

    expect(first).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk-live');
    expect(cipher.decrypt(first, aad)).toBe('sk-live-ünïcode-value');
    expect(cipher.decrypt(cipher.encrypt(''), undefined)).toBe('');
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = new SecretCipher(key);
    const [version, iv, tag, body] = cipher.encrypt('top-secret-value').split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0]! ^= 1;
    const tampered = [version, iv, tag, bytes.toString('base64url')].join('.');

    expect(decryptError(() => cipher.decrypt(tampered))).toMatchObject({ code: 'SECRET_DECRYPT_FAILED' });
  });

  it('fails loudly under another master key without revealing the value', () => {
    const encrypted = new SecretCipher(key).encrypt('top-secret-value');
    const error = decryptError(() => new SecretCipher(randomBytes(32)).decrypt(encrypted));

    expect(error).toMatchObject({ name: 'PlatformError', code: 'SECRET_DECRYPT_FAILED', status: 500 });
    expect((error as Error).message).toMatch(/master key does not match/);
    expect((error as Error).message).not.toContain('top-secret-value');
  });

  it('refuses a ciphertext moved to another secret (different AAD)', () => {
    const cipher = new SecretCipher(key);
    const encrypted = cipher.encrypt('top-secret-value', secretAad('org_1', 'TOKEN'));

    for (const aad of [secretAad('org_2', 'TOKEN'), secretAad('org_1', 'OTHER'), undefined]) {
      expect(decryptError(() => cipher.decrypt(encrypted, aad))).toMatchObject({
        code: 'SECRET_DECRYPT_FAILED',
      });
    }
  });

  it('refuses values that are not in the v1 format', () => {
    const cipher = new SecretCipher(key);
    for (const value of ['', 'plain', 'v2.a.b.c', 'v1.a.b', 'v1.AAAA.AAAA.AAAA']) {
      expect(decryptError(() => cipher.decrypt(value))).toMatchObject({ code: 'SECRET_DECRYPT_FAILED' });
    }
  });

  it('keeps org and name apart in the AAD', () => {
    expect(secretAad('a', 'b:c')).not.toBe(secretAad('a:b', 'c'));
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow(RangeError);
  });
});
