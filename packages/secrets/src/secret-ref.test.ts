import { describe, expect, it } from 'vitest';
import { parseSecretRef, resolveSecretRef } from './secret-ref.ts';

describe('parseSecretRef', () => {
  it('parses env and secret references', () => {
    expect(parseSecretRef('env:OPENAI_API_KEY')).toEqual({ source: 'env', name: 'OPENAI_API_KEY' });
    expect(parseSecretRef('secret:telegram.bot-token_2')).toEqual({
      source: 'secret',
      name: 'telegram.bot-token_2',
    });
  });

  it.each([
    '',
    'OPENAI_API_KEY',
    'env:',
    'env:1ABC',
    'env:A-B',
    'secret:',
    'secret:.hidden',
    'secret:a/b',
    `secret:${'x'.repeat(129)}`,
    'vault:NAME',
    ':NAME',
  ])('refuses %j', (ref) => {
    expect(() => parseSecretRef(ref)).toThrow(
      expect.objectContaining({ code: 'SECRET_REF_INVALID', status: 400 }),
    );
  });

  it('does not echo a secret pasted where a reference belongs', () => {
    expect(() => parseSecretRef('sk-ant-api03-pasted-by-mistake')).toThrow(
      expect.objectContaining({ code: 'SECRET_REF_INVALID', message: expect.not.stringContaining('sk-ant') }),
    );
  });
});

describe('resolveSecretRef', () => {
  const stored = new Map([['bot-token', 'stored-bot-token-value']]);
  const options = {
    env: { OPENAI_API_KEY: 'sk-env-value', EMPTY: '' },
    lookupStored: async (name: string) => stored.get(name),
  };

  it('reads env and stored secrets, from a string or a parsed reference', async () => {
    await expect(resolveSecretRef('env:OPENAI_API_KEY', options)).resolves.toBe('sk-env-value');
    await expect(resolveSecretRef('secret:bot-token', options)).resolves.toBe('stored-bot-token-value');
    await expect(resolveSecretRef({ source: 'secret', name: 'bot-token' }, options)).resolves.toBe(
      'stored-bot-token-value',
    );
  });

  it('reports a missing or empty environment variable by name', async () => {
    for (const ref of ['env:MISSING', 'env:EMPTY']) {
      const attempt = resolveSecretRef(ref, options);
      await expect(attempt).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', status: 404 });
      await expect(attempt).rejects.toThrow(`environment variable ${ref.slice(4)}`);
    }
  });

  it('reports a missing stored secret by name', async () => {
    const attempt = resolveSecretRef('secret:nope', options);
    await expect(attempt).rejects.toMatchObject({ code: 'SECRET_NOT_FOUND', status: 404 });
    await expect(attempt).rejects.toThrow('secret:nope');
  });

  it('refuses a malformed reference before looking anything up', async () => {
    let lookups = 0;
    const attempt = resolveSecretRef('secret:../x', {
      env: {},
      lookupStored: async () => {
        lookups += 1;
        return 'x';
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'SECRET_REF_INVALID' });
    expect(lookups).toBe(0);
  });

  it('passes a failing lookup through unchanged', async () => {
    const failure = new Error('store unavailable');
    const attempt = resolveSecretRef('secret:bot-token', {
      env: {},
      lookupStored: () => Promise.reject(failure),
    });
    await expect(attempt).rejects.toBe(failure);
  });
});
