import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicBody, postAnthropic } from './test-support.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Running {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return { child, output };
}

async function waitForOutput(running: Running, pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const match = pattern.exec(running.output.stdout);
    if (match) return match;
    if (Date.now() > deadline || running.child.exitCode !== null) {
      throw new Error(`No ${pattern} in output:\n${running.output.stdout}\n${running.output.stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fake-llm CLI', () => {
  it('serves the echo, prints how to connect, logs each request and exits 0 on SIGTERM', async () => {
    const running = run(['--port', '0']);
    const [, url] = (await waitForOutput(running, /listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [
      string,
      string,
    ];
    expect(running.output.stdout).toContain(`ANTHROPIC_BASE_URL=${url} ANTHROPIC_API_KEY=anything`);
    expect(running.output.stdout).toContain(`OPENAI_BASE_URL=${url}/v1`);

    const message = (await (await postAnthropic(url, anthropicBody('ping'))).json()) as { content: unknown };
    expect(message.content).toEqual([{ type: 'text', text: 'echo: ping' }]);
    await waitForOutput(running, /POST \/v1\/messages \[anthropic\] model=claude-sonnet-4-6 -> "echo: ping"/);

    running.child.kill('SIGTERM');
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(0);
  });

  it('answers hand commands: a shell tool call and its follow-up, an error, and lists them in --help', async () => {
    const running = run(['--port', '0']);
    const [, url] = (await waitForOutput(running, /listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [
      string,
      string,
    ];
    expect(running.output.stdout).toContain('/tool <command>');
    const tools = { tools: [{ name: 'Bash', input_schema: { type: 'object' } }] };
    const first = (await (await postAnthropic(url, anthropicBody('/tool ls', tools))).json()) as {
      content: Array<{ type: string; id?: string; name?: string; input?: unknown }>;
    };
    const use = first.content.find((block) => block.type === 'tool_use')!;
    expect(use).toMatchObject({ name: 'Bash', input: { command: 'ls' } });
    const messages = [
      { role: 'user', content: '/tool ls' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'a.txt' }] },
    ];
    const second = (await (await postAnthropic(url, anthropicBody('', { ...tools, messages }))).json()) as {
      content: unknown;
    };
    expect(second.content).toEqual([{ type: 'text', text: 'Ran: ls' }]);

    const limited = await fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: '/error 429' }] }] }),
    });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { status: 'RESOURCE_EXHAUSTED' } });

    const help = run(['--help']);
    await once(help.child, 'exit');
    expect(help.output.stdout).toContain('/error <status>');
    expect(help.output.stdout).toContain('/stall');
  });

  it.each([['abc'], ['70000'], ['-1'], ['']])('rejects --port %j with exit code 2', async (port) => {
    const running = run([`--port=${port}`]);
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(2);
    expect(running.output.stderr).toContain('--port must be an integer from 0 to 65535');
  });

  it('rejects unknown options with exit code 2', async () => {
    const running = run(['--prot', '1']);
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(2);
    expect(running.output.stderr).toContain("Unknown option '--prot'");
  });
});
