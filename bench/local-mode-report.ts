/**
 * The table `bench/local-mode.ts` prints: start times (first round and the median of the warm
 * ones), idle memory per service, stop time and what was left, each against the bare-Node
 * baseline measured in the same run.
 */
import { readFileSync } from 'node:fs';

export const services = ['auth', 'agent-api', 'user-management', 'web'] as const;
/** The memory row of `scripts/local-services.ts`, the one process hosting the three Fastify services. */
export const oneProcessName = 'auth + agent-api + user-management';
export type Service = (typeof services)[number];

/** Resident memory of a group of processes. */
export interface Memory {
  /** Sum of VmRSS: shared pages counted once per process. */
  rssKb: number;
  /** Sum of PSS: shared pages split between the processes sharing them. */
  pssKb: number;
  /** How many processes were summed. */
  processes: number;
}

/** One round's figures (times in ms from spawn or from SIGINT). */
export interface Round {
  /** ms from spawn to `starting auth…` (config, data directory, migrations, web check). */
  prepareMs: number;
  /** ms from spawn to each service's first 200 on /healthz. */
  healthyMs: Partial<Record<Service, number>>;
  /** ms from spawn until every service npm start runs answered. */
  startMs: number;
  /** CPU ms the whole tree had used by then (every process, those already ended included). */
  startCpuMs: number;
  /** Whether npm start built the web app first. */
  built: boolean;
  /** After the idle period, per service (with its descendants) and `supervisor` (scripts/start.ts). */
  memory: Record<string, Memory>;
  /** ms from SIGINT until npm start exited. */
  stopMs: number;
  /** Processes of the tree still running after the stop (should be 0). */
  leftProcesses: number;
  /** The round's four ports still bound after the stop (should be 0). */
  busyPorts: number;
  /** The baseline: four bare Node HTTP servers started one after another. */
  bare: { startMs: number; memory: Memory; stopMs: number };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export function total(memory: Record<string, Memory>): Memory {
  const all = Object.values(memory);
  return {
    rssKb: all.reduce((sum, entry) => sum + entry.rssKb, 0),
    pssKb: all.reduce((sum, entry) => sum + entry.pssKb, 0),
    processes: all.reduce((sum, entry) => sum + entry.processes, 0),
  };
}

export function mb(kilobytes: number): string {
  return (kilobytes / 1024).toFixed(0);
}

/** Prints the table; `idleMs` and whether the web app was built before round 1 label it. */
export function report(all: Round[], idleMs: number, webBuiltBefore: boolean): void {
  const [first, ...warm] = all as [Round, ...Round[]];
  const warmOf = (pick: (round: Round) => number) =>
    warm.length === 0 ? '—' : seconds(median(warm.map(pick)));
  const row = (label: string, pick: (round: Round) => number) =>
    console.log(`  ${label.padEnd(38)}${seconds(pick(first)).padStart(10)}${warmOf(pick).padStart(12)}`);
  console.log(
    `\nstart: spawn → /healthz 200        ${'first'.padStart(10)}${`warm (median of ${warm.length})`.padStart(22)}`,
  );
  row('prepare (config, migrations)', (round) => round.prepareMs);
  for (const name of services) {
    if (all.every((round) => round.healthyMs[name] !== undefined))
      row(`${name} healthy`, (round) => round.healthyMs[name]!);
    else console.log(`  ${name}: left out by npm start (see its note)`);
  }
  row('platform start (all healthy)', (round) => round.startMs);
  row('  CPU used by then, every process', (round) => round.startCpuMs);
  row('4 bare Node servers, one after another', (round) => round.bare.startMs);
  const ratio = (rounds: Round[]) =>
    median(rounds.map((round) => round.startMs / round.bare.startMs)).toFixed(1);
  console.log(
    `  ${'ratio platform / bare'.padEnd(38)}${`${ratio([first])}×`.padStart(10)}${(warm.length ? `${ratio(warm)}×` : '—').padStart(12)}`,
  );
  console.log(
    `  web build in round 1: ${first.built ? 'yes (apps/web/.next was missing; included above)' : `no (apps/web/.next ${webBuiltBefore ? 'was already built' : 'missing, web left out'})`}`,
  );

  console.log(
    `\nidle memory after ${idleMs / 1000} s (median of ${all.length} rounds)  RSS MB   PSS MB  processes`,
  );
  const order = ['supervisor', oneProcessName, ...services];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const names = [...new Set(all.flatMap((round) => Object.keys(round.memory)))].sort(
    (a, b) => rank(a) - rank(b),
  );
  const memoryRow = (label: string, pick: (round: Round) => Memory | undefined) => {
    const values = all.map(pick).filter((entry): entry is Memory => entry !== undefined);
    const figure = (key: keyof Memory) => median(values.map((entry) => entry[key]));
    console.log(
      `  ${label.padEnd(38)}${mb(figure('rssKb')).padStart(8)}${mb(figure('pssKb')).padStart(9)}${String(figure('processes')).padStart(11)}`,
    );
  };
  for (const name of names)
    memoryRow(name === 'supervisor' ? 'supervisor (scripts/start.ts)' : name, (round) => round.memory[name]);
  memoryRow('platform total', (round) => total(round.memory));
  memoryRow('4 bare Node servers', (round) => round.bare.memory);
  const memoryRatio = (key: 'rssKb' | 'pssKb') =>
    median(all.map((round) => total(round.memory)[key] / round.bare.memory[key])).toFixed(1);
  console.log(
    `  ${'ratio platform / bare'.padEnd(38)}${`${memoryRatio('rssKb')}×`.padStart(8)}${`${memoryRatio('pssKb')}×`.padStart(9)}`,
  );

  console.log(
    `\nstop on SIGINT: median ${seconds(median(all.map((round) => round.stopMs)))}, slowest ${seconds(Math.max(...all.map((round) => round.stopMs)))} (4 bare servers: ${seconds(median(all.map((round) => round.bare.stopMs)))})`,
  );
  console.log(
    `  processes left after stop: ${all.reduce((sum, round) => sum + round.leftProcesses, 0)}; ports still bound: ${all.reduce((sum, round) => sum + round.busyPorts, 0)} (over all rounds)`,
  );
  console.log(`  load average at the end ${loadAverage()}`);
}

/** One process against a process per service, from the same rounds: start and idle memory ratios. */
export function compare(one: Round[], separate: Round[]): void {
  const ratio = (pick: (round: Round) => number) =>
    (median(one.map(pick)) / median(separate.map(pick))).toFixed(2);
  const warm = (rounds: Round[]) => (rounds.length > 1 ? rounds.slice(1) : rounds);
  const warmRatio = (pick: (round: Round) => number) =>
    (median(warm(one).map(pick)) / median(warm(separate).map(pick))).toFixed(2);
  console.log('\none process / a process per service (same run; < 1 is better)');
  console.log(`  start (all healthy), warm rounds        ${warmRatio((round) => round.startMs)}×`);
  console.log(
    `  start, services only (user-management)  ${warmRatio((round) => round.healthyMs['user-management']!)}×`,
  );
  console.log(`  idle RSS, whole platform                ${ratio((round) => total(round.memory).rssKb)}×`);
  console.log(`  idle PSS, whole platform                ${ratio((round) => total(round.memory).pssKb)}×`);
  console.log(`  stop on SIGINT                          ${ratio((round) => round.stopMs)}×`);
}
