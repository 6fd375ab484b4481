import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './create-database.ts';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('./sqlite-concurrency.fixture.ts', import.meta.url));
const directories: string[] = [];
afterAll(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

describe('sqlite: two writer processes on one file', () => {
  it('commits 500 read-modify-write transactions each with no "database is locked" and no lost row', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'lifeosai-sqlite-concurrency-'));
    directories.push(directory);
    const path = join(directory, 'shared.db');
    const startAt = String(Date.now() + 2000);
    const writers = ['a', 'b'].map((name) =>
      run(process.execPath, [fixture, path, '500', name, startAt], { timeout: 120_000, maxBuffer: 1 << 20 }),
    );
    const reports = (await Promise.all(writers)).map(({ stdout }) => JSON.parse(stdout.trim()));
    for (const report of reports) {
      expect(report.messages).toEqual([]);
      expect(report).toMatchObject({ committed: 500, failures: 0 });
    }

    const handle = await openDatabase({ dialect: 'sqlite', path });
    try {
      const rows = await handle.db.selectFrom('runEvents').select(['seq', 'data']).orderBy('seq').execute();
      expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
      const perWriter = Object.groupBy(rows, (row) => String(row.data.writer));
      expect(perWriter.a).toHaveLength(500);
      expect(perWriter.b).toHaveLength(500);
      // The two really ran at the same time: their transactions interleave.
      const switches = rows.filter(
        (row, index) => index > 0 && row.data.writer !== rows[index - 1]!.data.writer,
      );
      expect(switches.length).toBeGreaterThan(10);
    } finally {
      await handle.close();
    }
  }, 180_000);
});
