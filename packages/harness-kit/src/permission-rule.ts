import type { PermissionBehavior, PermissionPolicy } from '@lifeosai/harness-spec';

/**
 * What the agent's policy says about one tool: the first rule whose `tool` matches decides
 * (a trailing `*` matches any suffix: `mcp__github__*`), else the policy's `mode`. Every
 * harness applies it the same way, so one rule means the same on each of them.
 */
export function permissionFor(policy: PermissionPolicy, toolName: string): PermissionBehavior {
  for (const rule of policy.rules) if (ruleMatches(rule.tool, toolName)) return rule.behavior;
  return policy.mode;
}

function ruleMatches(pattern: string, toolName: string): boolean {
  return pattern.endsWith('*') ? toolName.startsWith(pattern.slice(0, -1)) : pattern === toolName;
}
