import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { descendantPids, killProcessTree, OutputTail, redact } from './process-watch.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('killProcessTree', () => {
  it('kills a child that ignores SIGTERM and a grandchild in a process group of its own', async () => {
    // The grandchild is started detached, as Pi starts bash commands: a group signal misses it.
    const script = `
      process.on('SIGTERM', () => {});
      const { spawn } = require('node:child_process');
      const grandchild = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
      console.log(grandchild.pid);
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['-e', script], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const grandchild = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(descendantPids(child.pid!)).toContain(grandchild);
    const started = performance.now();
    await killProcessTree(child, { graceMs: 300, deadlineMs: 1800 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(child.signalCode).toBe('SIGKILL');
    expect(alive(grandchild)).toBe(false);
  });

  it('returns at once for a child that never started', async () => {
    const child = spawn('/nonexistent/binary');
    child.on('error', () => undefined);
    await killProcessTree(child, { graceMs: 300, deadlineMs: 1000 });
  });
});

describe('OutputTail and redact', () => {
  it('keeps the last bytes and hides secrets', () => {
    const tail = new OutputTail(16);
    tail.push('0123456789-sk-sec');
    tail.push(Buffer.from('ret and more text'));
    expect(tail.text([])).toBe('et and more text');
    expect(tail.text(['sk-secret'])).toBe('TED] and more text'.slice(-16));
    expect(tail.text(['sk-secret'])).not.toContain('ret');
    expect(redact('key=abcd, abc', ['abcd', 'abc', ''])).toBe('key=[REDACTED], abc');
  });
});
