import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { type FakeLlm, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { leftOverProcesses, toolResults, type WatchedRun } from './run-watcher.ts';
import type { ConformanceOptions } from './suite-options.ts';
import type { AgentDirectories, RunFn } from './test-context.ts';

/** What the escape checks need from the suite around them. */
export interface EscapeSetting {
  readonly fake: () => FakeLlm;
  readonly directories: () => AgentDirectories;
  /** A variable only the test process has. */
  readonly envCanary: string;
}

/**
 * The escape checks: the agent's own shell, driven through the fake LLM, tries what an
 * attacker would — read the platform's key files, its database, another agent's and another
 * organization's files, other processes' environments; reach the host's loopback services and
 * cloud metadata; exhaust processes and memory — and gets none of it, while the platform
 * stays responsive. They pass only inside the platform's run sandbox (`RunContext.launcher`).
 */
export function describeEscapes<Config>(
  options: ConformanceOptions<Config>,
  run: RunFn<Config>,
  setting: EscapeSetting,
): void {
  const hostCanary = `HOST-SERVICE-${randomBytes(6).toString('hex')}`;
  let hostService: Server | undefined;
  let hostPort = 0;

  beforeAll(async () => {
    hostService = createServer((socket) => socket.end(`${hostCanary}\n`));
    await new Promise<void>((resolve) => hostService!.listen(0, '127.0.0.1', resolve));
    hostPort = (hostService.address() as { port: number }).port;
  });
  afterAll(
    () => new Promise<void>((resolve) => (hostService ? hostService.close(() => resolve()) : resolve())),
  );

  /** Runs one shell command as the agent; resolves with the run and the tool's output. */
  const shell = async (command: string): Promise<{ watched: WatchedRun; output: string }> => {
    const marker = `escape-${randomBytes(4).toString('hex')}`;
    const fake = setting.fake();
    // What the shell printed, as the model got it back: some runtimes (Gemini CLI) show their
    // client no output of a shell command, but the agent learned it all the same.
    let learned = '';
    fake.on(
      (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
      (call) => {
        learned = call.lastToolResultText;
        return text('Done.');
      },
    );
    fake.on(
      (call) => call.lastUserText.includes(marker),
      toolCall({ name: options.shellTool.name, input: options.shellTool.input(command) }),
    );
    const watched = await run({ prompt: `Run the command. ${marker}`, runTimeoutMs: 90_000 });
    const shown = toolResults(watched.events)
      .map((result) => result.text)
      .join('\n');
    return { watched, output: `${learned}\n${shown}` };
  };

  const node = process.execPath;

  it('escape: the agent cannot read the platform’s keys, database, other agents’ or other organizations’ files', async () => {
    const { forbidden, home } = setting.directories();
    const reads = forbidden.map(({ path }) => `cat '${path}' 2>&1`).join('; ');
    const { output } = await shell(`${reads}; ls -la '${home}' /root /home 2>&1 | head -20; echo END`);
    expect(output).toContain('END');
    for (const { canary } of forbidden) expect(output).not.toContain(canary);
    expect(output).toMatch(/No such file or directory/);
  });

  it('escape: the agent sees no other process and no other environment, its own holds no platform secret', async () => {
    const { output } = await shell(
      // No command substitution: Gemini CLI refuses a command that has one.
      `printf ENV=; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | base64 -w0; echo; printf PIDS=; ls /proc | grep -c '^[0-9]'`,
    );
    // Runtimes frame a command's output in their own way (Gemini CLI repeats the command, then
    // `Output: …`): find the values, not the command's text.
    const decoded = Buffer.from(/ENV=([A-Za-z0-9+/=]{8,})/.exec(output)?.[1] ?? '', 'base64').toString(
      'utf8',
    );
    expect(decoded).not.toContain(setting.envCanary);
    expect(decoded).toContain('HOME=');
    expect(Number(/PIDS=(\d+)/.exec(output)?.[1])).toBeLessThan(40);
  });

  it('escape: the agent cannot reach the host’s loopback services, link-local addresses or cloud metadata', async () => {
    const script = [
      "const net=require('node:net');",
      'const tryIt=(host,port)=>new Promise(r=>{const s=net.connect({host,port,timeout:3000});',
      "let d='';s.on('data',c=>d+=c);s.on('close',()=>r(d?'DATA:'+d.trim():'closed'));",
      "s.on('error',e=>r(e.code));s.on('timeout',()=>{s.destroy();r('timeout');});});",
      '(async()=>{',
      `console.log('loopback', await tryIt('127.0.0.1', ${hostPort}));`,
      "console.log('metadata', await tryIt('169.254.169.254', 80));",
      `const viaProxy=await fetch('http://127.0.0.1:${hostPort}/').then(r=>r.status,e=>e.cause?.code??e.message);`,
      "console.log('fetch', viaProxy);",
      '})()',
    ].join('');
    const { output } = await shell(`${node} -e "${script}"`);
    expect(output).toMatch(/loopback \S+/);
    expect(output).not.toContain(hostCanary);
    expect(output).toMatch(/metadata (ENETUNREACH|EHOSTUNREACH|ECONNREFUSED|timeout)/);
  });

  it('escape: a fork bomb stays inside the run’s process limit, and the platform stays responsive', async () => {
    const platform = startResponsivenessProbe();
    // Detached from the tool's output, so the shell tool returns while the bomb goes on.
    const { watched } = await shell(
      'bomb() { bomb | bomb & }; (bomb) </dev/null >/dev/null 2>&1 & sleep 3; echo bombed',
    );
    // The run may fail (its runtime shares the process limit it exhausted); it must end,
    // and everything it started with it.
    expect(watched.events.at(-1)?.type).toBe('result');
    expect(leftOverProcesses(watched)).toEqual([]);
    expect(await platform.worstLagMs()).toBeLessThan(1000);
  });

  it('escape: a memory hog is refused past the run’s memory limit', async () => {
    const hog = `${node} -e "const a=[];try{for(let i=0;i<1024;i++)a.push(Buffer.alloc(64*1024*1024));console.log('hog unbounded')}catch(e){console.log('hog refused')}"`;
    const { output } = await shell(`${hog} 2>&1 | tail -1`);
    expect(output).not.toContain('hog unbounded');
    expect(output).toMatch(/hog refused|allocation failed|out of memory/i);
  });
}

/**
 * A stand-in for a platform service in a process of its own (the test process itself is
 * busy watching the run): a 50 ms timer that records how late it fired at worst.
 */
function startResponsivenessProbe(): { worstLagMs(): Promise<number> } {
  const script =
    'let worst=0,last=performance.now();setInterval(()=>{const now=performance.now();worst=Math.max(worst,now-last-50);last=now},50);' +
    "process.stdin.on('end',()=>{console.log(Math.round(worst));process.exit(0)});process.stdin.resume()";
  const probe = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'ignore'] });
  let output = '';
  probe.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return {
    async worstLagMs() {
      const exited = new Promise((resolve) => probe.once('exit', resolve));
      probe.stdin.end();
      await exited;
      return Number(output.trim());
    },
  };
}
