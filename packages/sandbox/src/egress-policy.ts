import { BlockList, isIP } from 'node:net';

/**
 * Which destinations a run may reach through its egress proxy. The internet (public
 * addresses) is open; everything that belongs to the machine or its network is closed —
 * loopback (the platform's own ports), link-local (cloud metadata at 169.254.169.254),
 * private and shared ranges, multicast — unless the operator allows it.
 */

/** One operator allowance from `LIFEOSAI_SANDBOX_ALLOW`. */
export type EgressAllowance =
  | { readonly kind: 'range'; readonly address: string; readonly prefix: number; readonly port?: number }
  | { readonly kind: 'host'; readonly host: string; readonly port?: number };

const closedRanges: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

const closed = new BlockList();
for (const [address, prefix] of closedRanges)
  closed.addSubnet(address, prefix, isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** `::ffff:10.0.0.1` → `10.0.0.1`, so a mapped address is judged as the IPv4 it is. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** Whether an address belongs to the closed ranges (loopback, private, link-local, …). */
export function isClosedAddress(address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return closed.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** `10.0.0.0/8`, `192.168.1.20`, `[::1]:80`, `db.internal:5432`, `127.0.0.1:5555`; undefined when unreadable. */
export function parseAllowance(entry: string): EgressAllowance | undefined {
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) return rangeOf(bracketed[1]!, undefined, bracketed[2]);
  const withPort = /^([^:/]+)(?:\/(\d{1,3}))?(?::(\d{1,5}))?$/.exec(entry);
  if (withPort) {
    const [, host = '', prefix, port] = withPort;
    if (isIP(host)) return rangeOf(host, prefix, port);
    if (
      prefix !== undefined ||
      !/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/.test(host)
    )
      return undefined;
    const parsedPort = portOf(port);
    if (parsedPort === null) return undefined;
    return { kind: 'host', host: host.toLowerCase(), ...(parsedPort !== undefined && { port: parsedPort }) };
  }
  if (isIP(entry.split('/')[0] ?? '') === 6) {
    const [address = '', prefix] = entry.split('/');
    return rangeOf(address, prefix, undefined);
  }
  return undefined;
}

function rangeOf(
  address: string,
  prefixText: string | undefined,
  portText: string | undefined,
): EgressAllowance | undefined {
  const family = isIP(address);
  if (family === 0) return undefined;
  const width = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  const port = portOf(portText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width || port === null) return undefined;
  return { kind: 'range', address, prefix, ...(port !== undefined && { port }) };
}

/** undefined when absent, null when out of range. */
function portOf(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

/** The egress decisions of one sandbox. */
export class EgressPolicy {
  readonly #allowances: ReadonlyArray<EgressAllowance>;
  readonly #allowedRanges: Array<{ list: BlockList; port?: number }>;

  constructor(allowances: ReadonlyArray<EgressAllowance>) {
    this.#allowances = allowances;
    this.#allowedRanges = allowances.flatMap((allowance) => {
      if (allowance.kind !== 'range') return [];
      const list = new BlockList();
      list.addSubnet(allowance.address, allowance.prefix, isIP(allowance.address) === 4 ? 'ipv4' : 'ipv6');
      return [{ list, ...(allowance.port !== undefined && { port: allowance.port }) }];
    });
  }

  /**
   * Whether `address:port` may be reached when the run asked for `host` (the name it used,
   * before resolution). Public addresses always; closed ones only when allowed by range or by
   * the host name the run asked for.
   */
  permits(host: string, address: string, port: number): boolean {
    if (!isClosedAddress(address)) return true;
    const plain = plainAddress(address);
    const family = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
    if (this.#allowedRanges.some((range) => range.list.check(plain, family) && (range.port ?? port) === port))
      return true;
    const name = host.toLowerCase();
    return this.#allowances.some(
      (allowance) =>
        allowance.kind === 'host' && allowance.host === name && (allowance.port ?? port) === port,
    );
  }

  /**
   * Loopback destinations the operator allowed with a port: the sandbox listens on the same
   * address and port inside, so a client configured with `http://127.0.0.1:5555` works as is.
   */
  loopbackTunnels(): Array<{ address: string; port: number }> {
    return this.#allowances.flatMap((allowance) =>
      allowance.kind === 'range' &&
      allowance.port !== undefined &&
      allowance.prefix === (isIP(allowance.address) === 4 ? 32 : 128) &&
      (allowance.address.startsWith('127.') || allowance.address === '::1')
        ? [{ address: allowance.address, port: allowance.port }]
        : [],
    );
  }
}
