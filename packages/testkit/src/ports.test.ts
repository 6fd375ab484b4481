import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from './ports.ts';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);

describe('freePort', () => {
  it('hands out bindable ports below the ephemeral range, never the same one twice', async () => {
    const ports: number[] = [];
    for (let index = 0; index < 50; index++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    if (ephemeralStart > 32_000) for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    server.close();
  });
});
