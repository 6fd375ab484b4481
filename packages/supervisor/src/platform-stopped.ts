import { type PlatformPorts, portSettings } from './platform-services.ts';
import { isPortFree } from './port-check.ts';

/** A platform port that something is listening on. */
export interface BusyPort {
  service: keyof PlatformPorts;
  port: number;
}

/**
 * The platform's ports that are in use on `host`: empty when local mode's services are all
 * stopped. Maintenance commands that change what running services hold in memory (keys,
 * secrets) call this and refuse while anything listens.
 */
export async function busyPlatformPorts(ports: PlatformPorts, host = '127.0.0.1'): Promise<BusyPort[]> {
  const busy: BusyPort[] = [];
  for (const [service, port] of Object.entries(ports) as [keyof PlatformPorts, number][]) {
    if (!(await isPortFree(port, host))) busy.push({ service, port });
  }
  return busy;
}

/** Why a command will not run while `busy` ports are taken, and what to do about it. */
export function platformRunningMessage(busy: BusyPort[], home: string, why: string): string {
  const settings = portSettings(home);
  const ports = busy.map(({ service, port }) => `${port} (${service})`).join(', ');
  return (
    `LIFEOSAI looks to be running: port ${ports} ${busy.length > 1 ? 'are' : 'is'} in use. ${why} ` +
    'Stop it first (Ctrl-C where `npm start` runs, or stop the services), then run this again. ' +
    `If another program holds the port, move LIFEOSAI off it (${busy.map(({ service }) => settings[service]).join('; ')}).`
  );
}
