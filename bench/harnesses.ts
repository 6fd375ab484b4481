/**
 * Benchmark: what each harness adds to its runtime. For every harness case the Agent API's
 * tests drive (each harness, each ACP preset), the same one-turn conversation against the fake
 * LLM, measured in the same run:
 *  - direct: the runtime's own SDK or binary called by hand (`bench/harness-direct.ts`);
 *  - adapter: `harness.start()` in a run sandbox, as the platform calls it — start → result, and
 *    its start cost: start → `system`/`init` (sandbox, process start, runtime boot);
 *  - platform: `POST /api/agent/agents/:id/runs` → the run's end over the public API (Agent API
 *    in this process on SQLite, LLM proxy, events, sandbox).
 * Medians over `--runs`; ratios against direct. Every side starts a fresh runtime process per
 * turn, as every harness does per run.
 *
 *   npm run bench:harnesses -- [--runs 3] [--only claude-code,pi]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { builtInHarnesses } from '@lifeosai/agent-api';
import { harnessCases, startTestPlatform } from '@lifeosai/agent-api/testing';
import { makeAgentDirectories, makeRunContext, openTestSandbox } from '@lifeosai/harness-conformance';
import { startFakeLlm, text } from '@lifeosai/testkit/fake-llm';
import { directRuns } from './harness-direct.ts';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } },
});
const runs = Number(args.runs);
const only = args.only?.split(',');
const prompt = 'Say the sentence about the fox.';
const answer = text('The quick brown fox jumps over the lazy dog.', { chunks: 6 });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number) => `${Math.round(value)} ms`;

const cases = harnessCases.filter((item) => !only || only.includes(item.label));
const rows: string[][] = [];
const fake = await startFakeLlm();
fake.on(() => true, answer);
const platform = await startTestPlatform('sqlite');
platform.fake.on(() => true, answer);
const harnesses = builtInHarnesses();
try {
  for (const item of cases) {
    process.stderr.write(`${item.label}: `);
    const direct = directRuns[item.label];
    const harness = harnesses.get(item.adapterType);
    if (!direct || !harness) throw new Error(`no direct run or harness for ${item.label}`);
    const parsed = harness.configSchema.safeParse(item.adapterConfig);
    if (!parsed.success) throw new Error(`bad config for ${item.label}`);
    const provider = item.provider;
    const directories = makeAgentDirectories(`agt_bench_${item.label.replace(/\W/g, '_')}`);
    const sandbox = await openTestSandbox(directories, [Number(new URL(fake.url).port)]);
    const agent = (
      await platform.call('POST', '/api/agent/agents', {
        name: `bench ${item.label}`,
        adapterType: item.adapterType,
        adapterConfig: item.adapterConfig,
      })
    ).body;
    const times = {
      direct: [] as number[],
      adapter: [] as number[],
      start: [] as number[],
      platform: [] as number[],
    };
    try {
      // One of each first, untimed: disk caches, the first import of each SDK.
      for (let round = -1; round < runs; round += 1) {
        const scratch = mkdtempSync(join(tmpdir(), 'bench-harness-'));
        let started = performance.now();
        await direct({
          fakeUrl: provider === 'openai' ? fake.openAiBaseUrl : fake.url,
          dir: scratch,
          prompt,
        });
        const directMs = performance.now() - started;
        rmSync(scratch, { recursive: true, force: true });

        started = performance.now();
        let initMs = NaN;
        const handle = harness.start(
          makeRunContext({
            fake,
            provider,
            apiKey: 'sk-bench',
            config: parsed.data,
            directories,
            launcher: sandbox.launcher,
            prompt,
          }),
        );
        for await (const event of handle.events) {
          if (event.type === 'system' && Number.isNaN(initMs)) initMs = performance.now() - started;
          if (event.type === 'result' && event.is_error)
            throw new Error(`${item.label}: ${JSON.stringify(event)}`);
        }
        const adapterMs = performance.now() - started;

        started = performance.now();
        const run = (await platform.call('POST', `/api/agent/agents/${agent.id}/runs`, { prompt })).body;
        const finished = await platform.waitForRun(run.id);
        if (finished.status !== 'succeeded')
          throw new Error(`${item.label}: platform run ${finished.status}`);
        const platformMs = performance.now() - started;
        if (round < 0) continue;
        times.direct.push(directMs);
        times.adapter.push(adapterMs);
        times.start.push(initMs);
        times.platform.push(platformMs);
        process.stderr.write('.');
      }
    } finally {
      await sandbox.close();
      directories.remove();
    }
    process.stderr.write('\n');
    const base = median(times.direct);
    rows.push([
      item.label,
      ms(base),
      `${ms(median(times.adapter))} (${(median(times.adapter) / base).toFixed(2)}×)`,
      ms(median(times.start)),
      `${ms(median(times.platform))} (${(median(times.platform) / base).toFixed(2)}×)`,
    ]);
  }
} finally {
  await platform.close();
  await fake.close();
}
const header = ['harness', 'direct', 'adapter in sandbox', 'adapter start → init', 'through the platform'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
process.stdout.write(
  `one turn, median of ${runs} runs each\n${line(header)}\n${rows.map(line).join('\n')}\n`,
);
