import { describe, expect, it } from 'vitest';
import { pi, piEntry } from './pi-sdk.ts';

describe("Pi's SDK", () => {
  // The runner's start time rests on this: the unbundled entry works too, only slower.
  it('is loaded from the bundle the installed Pi ships, with the exports the runner uses', () => {
    expect(piEntry()).toMatch(/\/@earendil-works\/pi-coding-agent\/dist\/bundle\/index\.js$/);
    for (const name of [
      'createAgentSession',
      'DefaultResourceLoader',
      'ModelRuntime',
      'SessionManager',
      'SettingsManager',
    ])
      expect(typeof pi[name as keyof typeof pi], name).toBe('function');
    expect(pi.VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
