import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { newId, nowIso, toJson } from '@lifeosai/db';
import { openTestDatabase, type TestDatabase } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginCache, pluginsForRun } from './run-plugins.ts';

/**
 * The prepare stage's plugin step on a bundle already in the cache (as a previous run left
 * it): what each harness capability gets. Unpacking from the stored archive is the plugins
 * package's (tested there) and the end-to-end test's.
 */
describe('what an enabled plugin adds to a run', () => {
  let database: TestDatabase;
  let home: string;
  let bundle: string;
  let pluginId: string;
  const archive = new Uint8Array([7, 7, 7]);
  const digest = createHash('sha256').update(archive).digest();

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    home = mkdtempSync(join(tmpdir(), 'lifeosai-run-plugins-'));
    bundle = join(pluginCache(home), digest.toString('hex'));
    const files: Record<string, string> = {
      'skills/lint-rules/SKILL.md':
        '---\nname: lint-rules\ndescription: Lint rules.\n---\nUse LINT-CANARY.\n',
      'skills/shared/SKILL.md': '---\nname: shared\ndescription: Taken.\n---\n',
      'commands/git/tidy.md': '---\ndescription: Tidy the branch.\n---\nTidy $ARGUMENTS now.\n',
      'INSTRUCTIONS.md': 'Always say INSTRUCTION-CANARY.\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(bundle, path)), { recursive: true });
      writeFileSync(join(bundle, path), text);
    }
    pluginId = newId('plg');
    await database.db
      .insertInto('plugins')
      .values({
        id: pluginId,
        orgId: 'org_a',
        name: 'acme',
        version: '2.1.0',
        description: null,
        format: 'claude-code',
        source: 'upload',
        npmSpec: null,
        checksum: `sha256-${digest.toString('base64')}`,
        parts: toJson({
          skills: [
            { name: 'lint-rules', path: 'skills/lint-rules' },
            { name: 'shared', path: 'skills/shared' },
          ],
          commands: [{ name: 'git:tidy', path: 'commands/git/tidy.md' }],
          instructions: ['INSTRUCTIONS.md'],
          mcpServers: {
            lint: {
              command: 'node',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: the plugin's own placeholders.
              args: ['${CLAUDE_PLUGIN_ROOT}/server.mjs', '--level=${config.level}'],
              // biome-ignore lint/suspicious/noTemplateCurlyInString: the plugin's own placeholder.
              env: { TOKEN: 'secret:ORG_KEY', ROOT: '${PLUGIN_ROOT}' },
            },
            remote: { type: 'sse', url: 'https://mcp.example.com/sse' },
          },
        }),
        configSchema: null,
        archive,
        archiveBytes: archive.length,
        createdBy: 'usr_alice',
        createdAt: nowIso(),
      })
      .execute();
  });

  afterAll(async () => {
    await database?.cleanup();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const deps = () => ({ db: database.db, home });
  const own = { skills: ['shared'], mcpServers: [] };

  it('gives a harness with skills and MCP everything, named apart from the agent’s own', async () => {
    const plugins = await pluginsForRun(
      deps(),
      'org_a',
      [pluginId],
      { skills: true, mcp: true },
      {
        ...own,
        pluginConfig: { [pluginId]: { level: 3 } },
      },
    );
    const commands = `${bundle}.commands`;
    expect(plugins.skills).toEqual([
      { name: 'lint-rules', path: join(bundle, 'skills/lint-rules') },
      { name: 'git-tidy', path: join(commands, 'git-tidy') },
    ]);
    const skill = readFileSync(join(commands, 'git-tidy', 'SKILL.md'), 'utf8');
    expect(skill).toMatch(
      /^---\nname: git-tidy\ndescription: "Tidy the branch."\n---\n\nTidy \$ARGUMENTS now\./,
    );
    expect(plugins.mcpServers).toEqual({
      'acme-lint': {
        type: 'stdio',
        command: 'node',
        args: [`${bundle}/server.mjs`, '--level=3'],
        // A plugin cannot name the organization's secrets: `secret:` stays as written.
        env: { PLUGIN_ROOT: bundle, CLAUDE_PLUGIN_ROOT: bundle, TOKEN: 'secret:ORG_KEY', ROOT: bundle },
      },
    });
    expect(plugins.instructions).toEqual(['Always say INSTRUCTION-CANARY.']);
    expect(plugins.readOnly).toEqual({ root: pluginCache(home), folders: [bundle, commands] });
    expect(plugins.notice).toBe(
      'Plugins: acme@2.1.0: skills lint-rules, git-tidy; MCP servers acme-lint; instructions ' +
        '(not applied here: MCP servers remote (transport sse is not supported; use stdio or http))',
    );
  });

  it('gives a harness without skills or MCP only the instructions, and says so', async () => {
    const plugins = await pluginsForRun(deps(), 'org_a', [pluginId], { skills: false, mcp: false }, own);
    expect(plugins.skills).toEqual([]);
    expect(plugins.mcpServers).toEqual({});
    expect(plugins.instructions).toHaveLength(1);
    expect(plugins.notice).toBe(
      'Plugins: acme@2.1.0: instructions (not applied here: skills and commands; MCP servers)',
    );
  });

  it("skips an uninstalled plugin and another organization's", async () => {
    expect(await pluginsForRun(deps(), 'org_a', ['plg_gone'], { skills: true, mcp: true }, own)).toEqual({
      skills: [],
      mcpServers: {},
      instructions: [],
    });
    expect(await pluginsForRun(deps(), 'org_b', [pluginId], { skills: true, mcp: true }, own)).toEqual({
      skills: [],
      mcpServers: {},
      instructions: [],
    });
  });
});
