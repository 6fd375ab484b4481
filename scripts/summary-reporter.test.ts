import { describe, expect, it } from 'vitest';
import { packageOf, timePerPackage } from './summary-reporter.ts';

describe('the summary reporter', () => {
  it('files each test under its package, app or top folder', () => {
    expect(packageOf('packages/harness-pi/src/host/run.test.ts')).toBe('packages/harness-pi');
    expect(packageOf('apps/web/src/fuzz.e2e.test.ts')).toBe('apps/web');
    expect(packageOf('scripts/rotate-master-key.test.ts')).toBe('scripts');
    expect(packageOf('bench/runs.test.ts')).toBe('bench');
    expect(packageOf('top.test.ts')).toBe('.');
  });

  it('sums file durations per package, dearest first', () => {
    expect(
      timePerPackage([
        { file: 'apps/agent-api/src/a.test.ts', ms: 1_000 },
        { file: 'scripts/b.test.ts', ms: 5_000 },
        { file: 'apps/agent-api/src/http/c.test.ts', ms: 3_000 },
        { file: 'packages/errors/src/d.test.ts', ms: 4_000 },
      ]),
    ).toEqual([
      { name: 'scripts', ms: 5_000, files: 1 },
      { name: 'apps/agent-api', ms: 4_000, files: 2 },
      { name: 'packages/errors', ms: 4_000, files: 1 },
    ]);
  });
});
