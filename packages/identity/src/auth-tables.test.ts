import { describe, expect, it } from 'vitest';
import { apiKeyOrganization, authBoolean, authDate } from './auth-tables.ts';

describe("better-auth's stored values", () => {
  it('booleans: true and 1 only', () => {
    expect([true, 1, false, 0, null, undefined, 'true'].map(authBoolean)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('dates from either database become ISO text; nothing or nonsense is null', () => {
    const iso = '2026-01-02T03:04:05.000Z';
    const epoch = Date.parse(iso);
    expect(authDate(new Date(iso))).toBe(iso);
    expect(authDate(iso)).toBe(iso);
    expect(authDate(epoch)).toBe(iso);
    expect(authDate(String(epoch))).toBe(iso);
    expect([null, undefined, '', 'yesterday'].map(authDate)).toEqual([null, null, null, null]);
  });

  it("an API key's organization from its metadata, encoded once or twice", () => {
    const once = JSON.stringify({ organizationId: 'org_1' });
    expect(apiKeyOrganization(once)).toBe('org_1');
    expect(apiKeyOrganization(JSON.stringify(once))).toBe('org_1');
    expect(apiKeyOrganization({ organizationId: 'org_2' })).toBe('org_2');
    expect(apiKeyOrganization('{not json')).toBeUndefined();
    expect(apiKeyOrganization(JSON.stringify({ organizationId: 7 }))).toBeUndefined();
    expect(apiKeyOrganization(null)).toBeUndefined();
  });
});
