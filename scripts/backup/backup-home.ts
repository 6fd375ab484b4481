import { mkdtemp, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeArchive } from './archive.ts';
import type { BackupManifest } from './manifest.ts';
import { type StageOptions, stageHome } from './stage-home.ts';

/**
 * A backup of a local install into the archive `out`: staged beside it in a private folder
 * (same disk, removed afterwards whatever happens), then packed.
 */
export async function backupHome(
  options: Omit<StageOptions, 'stage'> & { out: string; passphrase?: string },
): Promise<{ manifest: BackupManifest; size: number }> {
  const { out } = options;
  const stage = await mkdtemp(join(dirname(out), `.${basename(out)}.staging-`)).catch((error: Error) => {
    throw new Error(
      `Cannot write beside ${out} (${error.message}); choose a folder you can write with --out.`,
    );
  });
  try {
    const manifest = await stageHome({ ...options, stage });
    options.log('writing the archive…');
    const size = await writeArchive({
      stage,
      manifest,
      out,
      ...(options.passphrase !== undefined && { passphrase: options.passphrase }),
    });
    return { manifest, size };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
