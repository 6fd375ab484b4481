import type { PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk/unstable';

/**
 * The answer to `session/request_permission` for a verdict, from the options the agent
 * offered: a one-time allow or reject (the platform decides every call itself, so "always"
 * options are only a fallback), else the `cancelled` outcome when the agent offered no option
 * of the verdict's kind.
 */
export function permissionAnswer(
  options: ReadonlyArray<PermissionOption>,
  allow: boolean,
): RequestPermissionResponse {
  const preferred = allow ? ['allow_once', 'allow_always'] : ['reject_once', 'reject_always'];
  for (const kind of preferred) {
    const option = options.find((candidate) => candidate.kind === kind);
    if (option !== undefined) return { outcome: { outcome: 'selected', optionId: option.optionId } };
  }
  return { outcome: { outcome: 'cancelled' } };
}
