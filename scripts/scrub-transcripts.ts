/**
 * `npm run scrub:transcripts`: removes provider keys from what agents wrote before keys were
 * kept out of their sandbox. Walks every agent's data directory
 * (`$LIFEOSAI_HOME/agents/<id>/data`: Claude Code's `claude/projects/**.jsonl`, Pi's
 * `pi-sessions/`, any other text file) and replaces every known key — the service environment's
 * and every organization's stored provider keys — in plain, JSON-escaped and base64 form with
 * `[REDACTED]`, in place, each file atomically. Prints counts, never values.
 *
 * Flags: `--all-secrets` also every stored secret of every organization; `--workspaces` also
 * each agent's workspace; `--dry-run` counts without writing. Refuses while the platform runs:
 * an agent writing its transcript meanwhile would lose the lines it wrote.
 */
import { agentDirectories, collectKnownSecrets } from '@lifeosai/agent-api';
import { createSecretStore, loadMasterKey, Redactor, SecretCipher, scrubFiles } from '@lifeosai/secrets';
import { openPlatformDatabase, refuseWhileRunning, runMaintenance } from './maintenance.ts';

await runMaintenance(
  "npm run scrub:transcripts -- [flags]\nReplaces known provider keys in agents' transcripts and files with [REDACTED].",
  {
    'all-secrets': { type: 'boolean', description: 'look for every stored secret, not only provider keys' },
    workspaces: {
      type: 'boolean',
      description: "also scrub each agent's workspace, not only its data directory",
    },
    'dry-run': { type: 'boolean', description: 'count what would be replaced; change nothing' },
    'services-stopped': { type: 'boolean', description: 'cloud mode: confirms no run executes on this host' },
  },
  async (flags, config) => {
    await refuseWhileRunning(
      config,
      'Agents may be writing their transcripts, and lines written meanwhile would be lost.',
    );
    if (config.mode === 'cloud' && !flags['services-stopped']) {
      throw new Error(
        'Stop the run workers on this host first, then run this again with --services-stopped.',
      );
    }
    const masterKey = await loadMasterKey({ mode: config.mode, home: config.home, env: process.env });
    const handle = await openPlatformDatabase(config);
    try {
      const known = await collectKnownSecrets({
        db: handle.db,
        store: createSecretStore({
          db: handle.db,
          cipher: new SecretCipher(masterKey),
          redactor: new Redactor(),
        }),
        env: process.env,
        allSecrets: flags['all-secrets'],
      });
      const { counts } = known;
      console.log(
        `Looking for ${known.values.length} secret value${known.values.length === 1 ? '' : 's'}: ` +
          `${counts.environment} provider key(s) from this environment, ${counts.providerKeys} stored by organizations` +
          `${flags['all-secrets'] ? `, ${counts.otherSecrets} other stored secret(s)` : ''}.`,
      );
      if (counts.unreadable > 0) {
        console.log(
          `! ${counts.unreadable} stored secret(s) could not be decrypted with this master key and are not looked for.`,
        );
      }
      const { agents, roots } = await agentDirectories(config.home, { workspaces: flags.workspaces });
      const report = await scrubFiles({ roots, values: known.values, dryRun: flags['dry-run'] });
      const { skipped } = report;
      console.log(
        `✓ ${flags['dry-run'] ? 'dry run, nothing written: would change' : 'scrubbed:'} ${report.filesChanged} file(s) ` +
          `(${report.replacements} replacement(s)) of ${report.filesScanned} text file(s) in ${agents} agent folder(s); ` +
          `skipped ${skipped.binary} binary, ${skipped.symlinks} symlink(s), ${skipped.tooLarge} over 256 MiB.`,
      );
    } finally {
      await handle.close();
    }
  },
);
