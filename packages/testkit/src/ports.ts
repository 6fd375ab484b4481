import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where test ports come from: below the kernel's ephemeral range, so that no outgoing
 * connection's source port (which the kernel draws from that range) can take a port between the
 * moment a test is handed it and the moment its server binds it — the OS's own free port (bind 0)
 * comes from that very range, and a fresh-clone CI run lost a service's port that way. The band
 * is split into slots, one per vitest worker (`VITEST_POOL_ID`), so two workers never hand out
 * the same port; within a process a port is handed out once.
 */
const band = { first: 20_000, last: 32_000 };
const slots = 16;
const handedOut = new Set<number>();

function ephemeralStart(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return undefined; // not Linux: the band is below every default range (IANA's starts at 49152)
  }
}

const bandUsable = (ephemeralStart() ?? Number.POSITIVE_INFINITY) > band.last;

function slotRange(): { first: number; size: number } {
  const size = Math.floor((band.last - band.first + 1) / slots);
  const pool = Number(process.env.VITEST_POOL_ID ?? 0);
  const slot = Number.isInteger(pool) && pool >= 0 ? pool % slots : 0;
  return { first: band.first + slot * size, size };
}

function bindable(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error),
    );
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * A loopback port that is free now and that nothing else in this test run will be handed (tests
 * bind it soon after). Falls back to the OS's choice where the ephemeral range covers the band.
 */
export async function freePort(): Promise<number> {
  if (bandUsable) {
    const { first, size } = slotRange();
    const start = Math.floor(Math.random() * size);
    for (let step = 0; step < size; step++) {
      const candidate = first + ((start + step) % size);
      if (handedOut.has(candidate)) continue;
      handedOut.add(candidate);
      const port = await bindable(candidate);
      if (port !== undefined) return port;
    }
  }
  for (;;) {
    const port = await bindable(0);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
