import { acpHarness } from '@lifeosai/harness-acp';
import { claudeCodeHarness } from '@lifeosai/harness-claude-code';
import { codexHarness } from '@lifeosai/harness-codex';
import { piHarness } from '@lifeosai/harness-pi';
import type { Harness } from '@lifeosai/harness-spec';

/** The harnesses this build ships, by `adapterType`. A harness joins here after passing the conformance suite. */
export function builtInHarnesses(): ReadonlyMap<string, Harness<unknown>> {
  const harnesses = [claudeCodeHarness, piHarness, codexHarness, acpHarness] as ReadonlyArray<
    Harness<unknown>
  >;
  return new Map(harnesses.map((harness) => [harness.id, harness]));
}
