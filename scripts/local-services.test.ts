import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/**
 * SDKs an idle local platform never calls, each loaded by the code that needs it (ADR 0026):
 * Cloud Storage (the `gcs` files backend), the Postgres driver (cloud mode), the ACP and MCP
 * SDKs (a run), web-push (a notification), tar (a plugin install), the Claude Agent SDK (a
 * Claude Code run), Gemini (a call), Stripe (billing), nodemailer (SMTP), Baileys (WhatsApp).
 */
const loadedOnUse = [
  '@google-cloud/storage',
  'pg',
  '@agentclientprotocol/sdk',
  '@modelcontextprotocol/sdk',
  'web-push',
  'tar',
  '@anthropic-ai/claude-agent-sdk',
  '@google/genai',
  'stripe',
  'nodemailer',
  'baileys',
];

// What `scripts/local-services.ts` loads before it starts anything: the three services' modules.
const loadServices = `
import { registerHooks } from 'node:module';
const packages = new Set();
registerHooks({
  load(url, context, next) {
    const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
    if (match) packages.add(match[1]);
    return next(url, context);
  },
});
await import('@lifeosai/auth/service');
await import('@lifeosai/agent-api/service');
await import('@lifeosai/user-management/service');
process.stdout.write(JSON.stringify([...packages]));
`;

it('local mode loads no SDK an idle platform never calls: each waits for its first use', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '--eval', loadServices],
    { cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  const packages: string[] = JSON.parse(stdout);
  // The hook saw the services' own dependencies load (it works), and none of these.
  expect(packages).toContain('fastify');
  expect(packages.filter((name) => loadedOnUse.includes(name))).toEqual([]);
}, 90_000);
