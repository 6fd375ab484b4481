import {
  chmodSync,
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scrubFiles } from './scrub-files.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
const claudeKey = 'sk-ant-canary-64f68590edf196b90e75911b';
const piKey = 'sk-canary-545e16644368738e51d54df0';

let home: string;
let claudeFile: string;
let piFile: string;
let outside: string;

/** Two agents' data directories as the harnesses leave them, plus traps for the walker. */
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lifeosai-scrub-'));
  const claudeProject = join(
    home,
    'agents',
    'agt_1',
    'data',
    'claude',
    'projects',
    '-srv-agents-agt-1-workspace',
  );
  mkdirSync(claudeProject, { recursive: true });
  claudeFile = join(claudeProject, '3894a611-c907-4230-8d2d-6902f299cb7c.jsonl');
  copyFileSync(join(fixtures, 'claude-code-transcript.jsonl'), claudeFile);
  chmodSync(claudeFile, 0o640);
  const piSessions = join(home, 'agents', 'agt_2', 'data', 'pi-sessions');
  mkdirSync(piSessions, { recursive: true });
  piFile = join(piSessions, '2026-12-05T01-56-57-473Z_01a243eb.jsonl');
  copyFileSync(join(fixtures, 'pi-session.jsonl'), piFile);
  // Not ours to touch: a file outside, reached through a symlink an agent planted.
  outside = join(home, 'outside.txt');
  writeFileSync(outside, `the key ${claudeKey}\n`);
  symlinkSync(outside, join(home, 'agents', 'agt_1', 'data', 'innocent.txt'));
  symlinkSync(join(home), join(home, 'agents', 'agt_2', 'data', 'loop'));
  writeFileSync(
    join(home, 'agents', 'agt_2', 'data', 'cache.bin'),
    Buffer.from([0, 1, 2, ...Buffer.from(piKey)]),
  );
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const roots = () => [join(home, 'agents', 'agt_1', 'data'), join(home, 'agents', 'agt_2', 'data')];

function jsonLines(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('scrubFiles on recorded transcripts', () => {
  it('removes every form of the keys, keeps every line valid JSON, and touches nothing else', async () => {
    const claudeBefore = jsonLines(claudeFile);
    const piBefore = jsonLines(piFile);
    const claudeBase64 = Buffer.from(`${claudeKey}\n`).toString('base64').slice(0, 40);
    const piBase64 = Buffer.from(`${piKey}\n`).toString('base64').slice(0, 40);
    expect(readFileSync(claudeFile, 'utf8')).toContain(claudeBase64);

    const report = await scrubFiles({ roots: roots(), values: [claudeKey, piKey] });

    expect(report).toEqual({
      filesScanned: 2,
      filesChanged: 2,
      replacements: expect.any(Number),
      skipped: { binary: 1, symlinks: 2, tooLarge: 0 },
    });
    // Claude Code: the key and its base64 three times each (the tool result, its stdout, and the
    // next request's record). Pi: the key in the prompt, twice in the tool call, in the tool
    // result and in the answer, and its base64 in the tool result.
    expect(report.replacements).toBe(6 + 6);
    for (const [file, key, encoded] of [
      [claudeFile, claudeKey, claudeBase64],
      [piFile, piKey, piBase64],
    ] as const) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(key);
      expect(text).not.toContain(encoded);
      expect(text).toContain('[REDACTED]');
    }
    const claudeAfter = jsonLines(claudeFile);
    const piAfter = jsonLines(piFile);
    expect(claudeAfter).toHaveLength(claudeBefore.length);
    expect(piAfter).toHaveLength(piBefore.length);
    // Lines that held no key are byte for byte what they were.
    const claudeLinesBefore = readFileSync(join(fixtures, 'claude-code-transcript.jsonl'), 'utf8').split(
      '\n',
    );
    const claudeLinesAfter = readFileSync(claudeFile, 'utf8').split('\n');
    const untouched = claudeLinesBefore.filter(
      (line, index) => !line.includes(claudeKey) && line === claudeLinesAfter[index],
    );
    expect(untouched).toHaveLength(claudeLinesBefore.filter((line) => !line.includes(claudeKey)).length);
    expect(statSync(claudeFile).mode & 0o777).toBe(0o640);
    expect(readFileSync(outside, 'utf8')).toContain(claudeKey);
    expect(lstatSync(join(home, 'agents', 'agt_1', 'data', 'innocent.txt')).isSymbolicLink()).toBe(true);
    expect(
      readdirSync(join(home, 'agents', 'agt_1', 'data', 'claude', 'projects', '-srv-agents-agt-1-workspace')),
    ).toEqual(['3894a611-c907-4230-8d2d-6902f299cb7c.jsonl']);
  });

  it('is idempotent, and a dry run counts without writing', async () => {
    const dry = await scrubFiles({ roots: roots(), values: [claudeKey, piKey], dryRun: true });
    expect(dry.replacements).toBe(12);
    expect(readFileSync(claudeFile, 'utf8')).toContain(claudeKey);
    await scrubFiles({ roots: roots(), values: [claudeKey, piKey] });
    const again = await scrubFiles({ roots: roots(), values: [claudeKey, piKey] });
    expect(again).toMatchObject({ filesScanned: 2, filesChanged: 0, replacements: 0 });
  });

  it('skips files over the size limit and roots that do not exist', async () => {
    const report = await scrubFiles({
      roots: [...roots(), join(home, 'agents', 'agt_missing', 'data')],
      values: [claudeKey],
      maxFileBytes: 10_000,
    });
    expect(report).toMatchObject({ filesScanned: 1, skipped: { tooLarge: 1 } });
    expect(readFileSync(claudeFile, 'utf8')).toContain(claudeKey);
  });
});
