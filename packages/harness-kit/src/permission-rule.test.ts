import type { PermissionPolicy } from '@lifeosai/harness-spec';
import { describe, expect, it } from 'vitest';
import { permissionFor } from './permission-rule.ts';

describe('permissionFor', () => {
  it('uses the first matching rule, a trailing * matching any suffix, else the mode', () => {
    const policy: PermissionPolicy = {
      mode: 'ask',
      rules: [
        { tool: 'Read', behavior: 'allow' },
        { tool: 'mcp__github__*', behavior: 'deny' },
        { tool: 'mcp__github__get_issue', behavior: 'allow' },
      ],
      askTimeoutMs: 50,
    };
    expect(permissionFor(policy, 'Read')).toBe('allow');
    expect(permissionFor(policy, 'ReadMore')).toBe('ask');
    expect(permissionFor(policy, 'mcp__github__get_issue')).toBe('deny');
    expect(permissionFor(policy, 'Bash')).toBe('ask');
  });

  it('lets a narrower rule placed first win over a wider one', () => {
    const policy: PermissionPolicy = {
      mode: 'ask',
      askTimeoutMs: 1000,
      rules: [
        { tool: 'mcp__github__delete_*', behavior: 'deny' },
        { tool: 'mcp__github__*', behavior: 'allow' },
        { tool: 'read', behavior: 'allow' },
      ],
    };
    expect(permissionFor(policy, 'mcp__github__delete_repo')).toBe('deny');
    expect(permissionFor(policy, 'mcp__github__create_issue')).toBe('allow');
    expect(permissionFor(policy, 'read')).toBe('allow');
    expect(permissionFor(policy, 'reader')).toBe('ask');
    expect(permissionFor(policy, 'bash')).toBe('ask');
  });
});
