import { describe, expect, it } from 'vitest';
import { EgressPolicy, isClosedAddress, parseAllowance } from './egress-policy.ts';
import { loadSandboxSettings } from './settings.ts';

describe('the egress policy', () => {
  it('closes loopback, link-local, private, shared and multicast addresses, mapped IPv4 included', () => {
    for (const address of [
      '127.0.0.1',
      '169.254.169.254',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      'not an address',
    ]) {
      expect(isClosedAddress(address), address).toBe(true);
    }
    for (const address of ['1.1.1.1', '93.184.216.34', '2606:4700::1111']) {
      expect(isClosedAddress(address), address).toBe(false);
    }
  });

  it('opens closed addresses only as the operator allows: by range, by host name, by port', () => {
    const policy = new EgressPolicy(
      ['10.0.0.0/8', 'db.internal:5432', '127.0.0.1:11434'].map((entry) => parseAllowance(entry)!),
    );
    expect(policy.permits('10.2.3.4', '10.2.3.4', 443)).toBe(true);
    expect(policy.permits('db.internal', '192.168.5.5', 5432)).toBe(true);
    expect(policy.permits('db.internal', '192.168.5.5', 22)).toBe(false);
    expect(policy.permits('other.internal', '192.168.5.5', 5432)).toBe(false);
    expect(policy.permits('127.0.0.1', '127.0.0.1', 11434)).toBe(true);
    expect(policy.permits('127.0.0.1', '127.0.0.1', 4000)).toBe(false);
    expect(policy.permits('metadata', '169.254.169.254', 80)).toBe(false);
    expect(policy.permits('example.com', '93.184.216.34', 443)).toBe(true);
    expect(policy.loopbackTunnels()).toEqual([{ address: '127.0.0.1', port: 11434 }]);
  });

  it('reads allowances and refuses what it cannot read, naming the variable', () => {
    expect(parseAllowance('[::1]:8080')).toEqual({ kind: 'range', address: '::1', prefix: 128, port: 8080 });
    expect(parseAllowance('fd00::/8')).toEqual({ kind: 'range', address: 'fd00::', prefix: 8 });
    expect(parseAllowance('host:99999')).toBeUndefined();
    expect(parseAllowance('10.0.0.0/40')).toBeUndefined();
    expect(parseAllowance('bad host name')).toBeUndefined();
    expect(() => loadSandboxSettings({ LIFEOSAI_SANDBOX_ALLOW: '10.0.0.0/8, nope!' })).toThrow(
      /LIFEOSAI_SANDBOX_ALLOW: "nope!" is not an address/,
    );
    expect(() => loadSandboxSettings({ LIFEOSAI_SANDBOX: 'maybe' })).toThrow(
      /LIFEOSAI_SANDBOX: expected auto, required or off/,
    );
    expect(() => loadSandboxSettings({ LIFEOSAI_SANDBOX_MEMORY_MB: '512' })).toThrow(
      /LIFEOSAI_SANDBOX_MEMORY_MB/,
    );
  });
});
