// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the manifests under test write ${CLAUDE_PLUGIN_ROOT} literally
import { claudePluginHelloFolder, packFolder, tarGz, zip } from '@lifeosai/testkit/plugin-archives';
import { describe, expect, it } from 'vitest';
import { resolvePluginMcpServers } from './mcp-servers.ts';
import { readPluginArchive } from './read-plugin-archive.ts';

const json = (value: unknown) => JSON.stringify(value);

describe('readPluginArchive', () => {
  it.each(['tgz', 'zip'] as const)(
    'imports the fixture Claude Code plugin from a .%s as it is',
    async (format) => {
      const bundle = await readPluginArchive(packFolder(claudePluginHelloFolder, format));
      expect(bundle.manifest).toEqual({
        name: 'hello-plugin',
        version: '1.0.0',
        description: expect.stringContaining('tiny Claude Code plugin'),
        format: 'claude-code',
        configSchema: null,
      });
      expect(bundle.parts).toEqual({
        skills: [{ name: 'hello-greeting', path: 'skills/hello-greeting' }],
        mcpServers: { hello: { command: 'node', args: ['${CLAUDE_PLUGIN_ROOT}/server.mjs'] } },
        instructions: [],
        commands: [{ name: 'wave', path: 'commands/wave.md' }],
      });
      expect(bundle.unsupported).toEqual([]);
      expect(resolvePluginMcpServers(bundle.parts.mcpServers, '/plugins/hello')).toEqual({
        hello: { command: 'node', args: ['/plugins/hello/server.mjs'] },
      });
    },
  );

  it("reads Claude's other places: mcpServers inline, by path and in a list, extra skill folders, commands named instead of commands/, userConfig, package.json's version, unsupported parts", async () => {
    const bundle = await readPluginArchive(
      tarGz([
        {
          path: 'package/.claude-plugin/plugin.json',
          data: json({
            name: 'review-tools',
            skills: './extra',
            commands: ['./cmds/'],
            mcpServers: [
              { inline: { command: '${CLAUDE_PLUGIN_ROOT}/bin/s', env: { ROOT: '${CLAUDE_PLUGIN_ROOT}' } } },
              './servers.json',
            ],
            hooks: './hooks.json',
            userConfig: { token: { description: 'API token', sensitive: true } },
          }),
        },
        { path: 'package/package.json', data: json({ name: 'review-tools', version: '2.3.4' }) },
        {
          path: 'package/servers.json',
          data: json({ remote: { type: 'http', url: 'https://mcp.example.com/' } }),
        },
        { path: 'package/skills/a/SKILL.md', data: 'a' },
        { path: 'package/extra/b/SKILL.md', data: 'b' },
        { path: 'package/commands/ignored.md', data: 'not read: commands is set' },
        { path: 'package/cmds/git/review.md', data: 'c' },
        { path: 'package/agents/x.md', data: 'agent' },
      ]),
    );
    expect(bundle.manifest).toMatchObject({ name: 'review-tools', version: '2.3.4', format: 'claude-code' });
    expect(bundle.manifest.configSchema).toEqual({
      type: 'object',
      properties: { token: { type: 'string', description: 'API token', writeOnly: true } },
    });
    expect(bundle.parts.skills.map((skill) => skill.path)).toEqual(['skills/a', 'extra/b']);
    expect(bundle.parts.commands).toEqual([{ name: 'git:review', path: 'cmds/git/review.md' }]);
    expect(Object.keys(bundle.parts.mcpServers)).toEqual(['inline', 'remote']);
    expect(resolvePluginMcpServers(bundle.parts.mcpServers, '/p').inline).toEqual({
      command: '/p/bin/s',
      env: { ROOT: '/p' },
    });
    expect(bundle.unsupported).toEqual(['hooks', 'agents']);
  });

  it('reads lifeosai-plugin.json: skills, MCP servers from a file, instructions, commands, config schema', async () => {
    const bundle = await readPluginArchive(
      zip([
        {
          path: 'lifeosai-plugin.json',
          data: json({
            name: 'team-style',
            version: '0.2.0',
            description: 'House style',
            parts: {
              skills: ['./skills'],
              mcpServers: './mcp.json',
              instructions: ['./STYLE.md'],
              commands: ['commands/'],
            },
            configSchema: { type: 'object', properties: { tone: { type: 'string' } } },
          }),
        },
        {
          path: 'mcp.json',
          data: json({ mcpServers: { lint: { command: 'node', args: ['${PLUGIN_ROOT}/lint.mjs'] } } }),
        },
        { path: 'skills/one/SKILL.md', data: '1' },
        { path: 'skills/two/SKILL.md', data: '2' },
        { path: 'STYLE.md', data: 'Write plainly.' },
        { path: 'commands/ship.md', data: 'ship' },
      ]),
    );
    expect(bundle.manifest).toEqual({
      name: 'team-style',
      version: '0.2.0',
      description: 'House style',
      format: 'lifeosai',
      configSchema: { type: 'object', properties: { tone: { type: 'string' } } },
    });
    expect(bundle.parts).toEqual({
      skills: [
        { name: 'one', path: 'skills/one' },
        { name: 'two', path: 'skills/two' },
      ],
      mcpServers: { lint: { command: 'node', args: ['${PLUGIN_ROOT}/lint.mjs'] } },
      instructions: ['STYLE.md'],
      commands: [{ name: 'ship', path: 'commands/ship.md' }],
    });
  });

  const lifeosai = (manifest: unknown, ...files: Array<{ path: string; data: string }>) =>
    zip([
      { path: 'lifeosai-plugin.json', data: typeof manifest === 'string' ? manifest : json(manifest) },
      ...files,
    ]);
  it.each([
    ['no manifest', () => zip([{ path: 'README.md', data: 'hi' }]), /neither lifeosai-plugin.json nor/],
    ['a manifest that is not JSON', () => lifeosai('{name'), /not valid JSON/],
    ['a version range', () => lifeosai({ name: 'x', version: '^1.0.0' }), /version is an exact version/],
    [
      'an upper-case name',
      () => lifeosai({ name: 'Bad Name', version: '1.0.0' }),
      /name is a lowercase name/,
    ],
    ['an unknown part', () => lifeosai({ name: 'x', version: '1.0.0', parts: { hooks: [] } }), /parts/],
    [
      'a skill path outside',
      () => lifeosai({ name: 'x', version: '1.0.0', parts: { skills: ['../x'] } }),
      /not a path inside the bundle/,
    ],
    [
      'a skill folder without SKILL.md',
      () => lifeosai({ name: 'x', version: '1.0.0', parts: { skills: ['s'] } }),
      /holds no SKILL.md/,
    ],
    [
      'a missing instructions file',
      () => lifeosai({ name: 'x', version: '1.0.0', parts: { instructions: ['I.md'] } }),
      /not in the bundle/,
    ],
    [
      'an MCP server with no command',
      () => lifeosai({ name: 'x', version: '1.0.0', parts: { mcpServers: { s: { args: [] } } } }),
      /needs a command or a url/,
    ],
    [
      'a missing MCP file',
      () => lifeosai({ name: 'x', version: '1.0.0', parts: { mcpServers: './nope.json' } }),
      /not in the bundle/,
    ],
    [
      'a Claude plugin with no version anywhere',
      () => zip([{ path: '.claude-plugin/plugin.json', data: json({ name: 'x' }) }]),
      /needs a version/,
    ],
  ])('refuses %s with PLUGIN_INVALID', async (_name, build, reason) => {
    await expect(readPluginArchive(build())).rejects.toMatchObject({
      code: 'PLUGIN_INVALID',
      message: expect.stringMatching(reason),
    });
  });
});
