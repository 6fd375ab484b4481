import { relative, sep } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** One test file's duration, its path relative to the repository root. */
export interface FileTime {
  file: string;
  ms: number;
}

/**
 * The package or app a test file belongs to: `packages/x`, `apps/x`, or the first folder
 * (`scripts`, `bench`) for anything else.
 */
export function packageOf(file: string): string {
  const parts = file.split(/[\\/]/);
  if ((parts[0] === 'packages' || parts[0] === 'apps') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts.length > 1 ? (parts[0] as string) : '.';
}

/** Sum of file durations per package, dearest first (ties by name, so the order is stable). */
export function timePerPackage(
  files: readonly FileTime[],
): Array<{ name: string; ms: number; files: number }> {
  const totals = new Map<string, { ms: number; files: number }>();
  for (const { file, ms } of files) {
    const total = totals.get(packageOf(file)) ?? { ms: 0, files: 0 };
    total.ms += ms;
    total.files++;
    totals.set(packageOf(file), total);
  }
  return [...totals]
    .map(([name, total]) => ({ name, ...total }))
    .sort((a, b) => b.ms - a.ms || a.name.localeCompare(b.name));
}

const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(7);

/**
 * Ends the test output with the time per package and the slowest test files (where CI time
 * goes, readable in the tail of a log) and one plain line, `tests: N passed, N failed,
 * N skipped`, which CI systems read without knowing Vitest's own summary format. Package times
 * are sums of file durations: worker time, which on several workers exceeds the wall time.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const files: FileTime[] = testModules.map((testModule) => ({
      file: relative(process.cwd(), testModule.moduleId).split(sep).join('/'),
      ms: testModule.diagnostic().duration,
    }));
    const perPackage = timePerPackage(files).map(
      ({ name, ms, files: count }) => `${seconds(ms)} s  ${name} (${count} file${count === 1 ? '' : 's'})`,
    );
    const slowest = [...files]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15)
      .map(({ file, ms }) => `${seconds(ms)} s  ${file}`);
    process.stdout.write(`\ntime per package (sum of its files):\n${perPackage.join('\n')}\n`);
    process.stdout.write(`\nslowest test files:\n${slowest.join('\n')}\n`);
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}
