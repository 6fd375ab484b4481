/**
 * The layering of the repository's TypeScript, read from its import lines (no compiler, no
 * dependency: `import … from`, `export … from`, bare and dynamic `import('…')`, type-only ones
 * included). docs/architecture.md cites the three tables below; change them only together.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The tiers, lowest first. `tooling` is bench/ and scripts/, which only use what the tiers export. */
type Tier = 'spec' | 'util' | 'adapter' | 'service' | 'tooling';

/**
 * Which tier each workspace folder is in; the first pattern that matches wins.
 * - spec: types and pure contracts only (`*-spec`, the unified events, the error catalogue, the
 *   identity contract), nothing but zod;
 * - util: what every service and adapter shares (config, logger, secrets, db, files, http-kit,
 *   sandbox, the harness kit, test kit, supervisor, the adapters' conformance suite) and the
 *   public API contract, whose schemas reuse the utils' own rules (provider ids, secret names,
 *   visible names, cron patterns) rather than write them again;
 * - adapter: one package per harness;
 * - service: the apps.
 */
const tierOf: ReadonlyArray<readonly [folder: RegExp, tier: Tier]> = [
  [/^packages\/[^/]+-spec$/, 'spec'],
  [/^packages\/(events|errors|identity)$/, 'spec'],
  [/^packages\/harness-(kit|conformance)$/, 'util'],
  [/^packages\/harness-[^/]+$/, 'adapter'],
  [/^packages\/[^/]+$/, 'util'],
  [/^apps\/[^/]+$/, 'service'],
  [/^(bench|scripts)$/, 'tooling'],
];

/**
 * The allowed arrows: a file of the tier on the left may import from the tiers on the right.
 * Within spec and util a package may use another of its tier (no cycles); an adapter never
 * imports another adapter, nor a service another service — except a service's tests and
 * `src/testing/` helpers, which may start another service through its package entry point.
 */
const allowedArrows: Readonly<Record<Tier, readonly Tier[]>> = {
  spec: ['spec'],
  util: ['spec', 'util'],
  adapter: ['spec', 'util'],
  service: ['spec', 'util', 'adapter'],
  tooling: ['spec', 'util', 'adapter', 'service'],
};

/**
 * Packages that must stay light: nothing their source imports, however indirectly, is a file of
 * the package on the right (the logger goes in every process, the database driver does not).
 */
const neverLoads: ReadonlyArray<readonly [from: string, forbidden: string]> = [
  ['packages/logger', 'packages/db'],
];

/**
 * Tables whose queries have one home: inside the folder on the left, only files under the
 * folder on the right query the table (tests and test support aside).
 */
const tableHomes: ReadonlyArray<readonly [table: string, within: string, home: string]> = [
  ['runs', 'apps/agent-api/src/', 'apps/agent-api/src/domain/runs/'],
];

/** The only outside packages a spec-tier package may import (besides node: types and vitest in tests). */
const specDependencies: readonly string[] = ['zod'];

const root = resolve(import.meta.dirname, '..');
const sourceRoots = ['packages', 'apps'];
const skippedFolders = new Set(['node_modules', '.next', 'dist', 'coverage', 'public']);
const sourceFile = /\.(ts|tsx|mts)$/;

interface Unit {
  /** `packages/db`, `apps/web`, `bench`. */
  folder: string;
  tier: Tier;
  /** The package name, when it is a workspace package. */
  name?: string;
  /** Subpath (`.`, `./databases`) → file, from package.json `exports`. */
  entries: Map<string, string>;
}

interface ImportLine {
  from: string;
  specifier: string;
}

function walk(folder: string, into: string[]): string[] {
  if (!existsSync(folder)) return into;
  for (const entry of readdirSync(folder)) {
    if (skippedFolders.has(entry)) continue;
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) walk(path, into);
    else if (sourceFile.test(entry) && !entry.endsWith('.d.ts')) into.push(path);
  }
  return into;
}

function loadUnits(): Unit[] {
  const folders = [
    ...sourceRoots.flatMap((top) => readdirSync(join(root, top)).map((name) => `${top}/${name}`)),
    'bench',
    'scripts',
  ].filter((folder) => statSync(join(root, folder)).isDirectory());
  return folders.map((folder) => {
    const tier = tierOf.find(([pattern]) => pattern.test(folder))?.[1];
    if (!tier) throw new Error(`${folder} is in no tier: add it to tierOf`);
    const manifest = join(root, folder, 'package.json');
    const entries = new Map<string, string>();
    let name: string | undefined;
    if (existsSync(manifest) && folder !== 'bench' && folder !== 'scripts') {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        exports?: Record<string, string>;
      };
      name = parsed.name;
      for (const [subpath, target] of Object.entries(parsed.exports ?? {})) {
        entries.set(subpath, resolve(root, folder, target));
      }
    }
    return { folder, tier, ...(name && { name }), entries };
  });
}

const importPatterns = [
  /^\s*(?:import|export)\s+(?:type\s+)?[\w\s{},*$]*?\s*from\s*['"]([^'"\n]+)['"]/gm,
  /^\s*import\s*['"]([^'"\n]+)['"]/gm,
  /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
];

function importsOf(file: string): ImportLine[] {
  const text = readFileSync(file, 'utf8');
  const lines: ImportLine[] = [];
  for (const pattern of importPatterns) {
    for (const match of text.matchAll(pattern)) lines.push({ from: file, specifier: match[1]! });
  }
  return lines;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** The whole graph: files, their units, and every import edge with what is wrong with it. */
function readGraph() {
  const units = loadUnits();
  const unitOf = (file: string) => {
    const path = relative(root, file);
    return units.find((unit) => path === unit.folder || path.startsWith(`${unit.folder}/`));
  };
  const byName = new Map(units.flatMap((unit) => (unit.name ? [[unit.name, unit] as const] : [])));
  const files = units.flatMap((unit) =>
    walk(join(root, unit.folder, unit.tier === 'tooling' ? '' : 'src'), []),
  );
  const edges = new Map<string, Set<string>>();
  const violations: string[] = [];
  for (const file of files) {
    const from = unitOf(file)!;
    const targets = new Set<string>();
    edges.set(file, targets);
    const testSupport = /\.test\.tsx?$/.test(file) || file.includes('/src/testing/');
    for (const { specifier } of importsOf(file)) {
      const where = relative(root, file);
      let target: string | undefined;
      let to: Unit | undefined;
      if (specifier.startsWith('.') || specifier.startsWith('@/')) {
        target = specifier.startsWith('@/')
          ? resolveRelative(join(root, from.folder, 'src', 'index.ts'), `./${specifier.slice(2)}`)
          : resolveRelative(file, specifier);
        to = target ? unitOf(target) : undefined;
        if (to && to !== from) {
          violations.push(
            `${where} reaches into ${to.folder} by a relative path ("${specifier}"): import ${to.name ?? to.folder} instead`,
          );
          continue;
        }
      } else {
        const name = specifier.match(/^(@lifeosai\/[^/]+)(\/.*)?$/);
        if (!name) {
          if (from.tier === 'spec' && !testSupport && !specifier.startsWith('node:')) {
            const outside = specifier.startsWith('@')
              ? specifier.split('/').slice(0, 2).join('/')
              : specifier.split('/')[0]!;
            if (!specDependencies.includes(outside))
              violations.push(`${where}: a spec package imports "${specifier}"`);
          }
          continue;
        }
        to = byName.get(name[1]!);
        if (!to) continue; // a workspace package this checkout does not have
        const subpath = `.${name[2] ?? ''}`;
        target = to.entries.get(subpath);
        if (!target) {
          violations.push(`${where} imports "${specifier}", which ${to.name} does not export`);
          continue;
        }
      }
      if (!target || !to) continue;
      targets.add(target);
      if (to === from) continue;
      const crossService = from.tier === 'service' && to.tier === 'service';
      const sameAdapterTier = from.tier === 'adapter' && to.tier === 'adapter';
      if (crossService && testSupport) continue;
      if (!allowedArrows[from.tier].includes(to.tier) || crossService || sameAdapterTier) {
        violations.push(
          `${where} (${from.tier}) imports ${to.name ?? to.folder} (${to.tier}): not an allowed arrow`,
        );
      }
    }
  }
  return { edges, violations };
}

/** Every import cycle between files (Tarjan's strongly connected components), as paths. */
function importCycles(edges: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const next of edges.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)?.has(file)) {
      cycles.push(component.map((path) => relative(root, path)).sort());
    }
  };
  for (const file of edges.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('the layering of the code', () => {
  const graph = readGraph();

  it('reads a graph big enough to mean something', () => {
    expect(graph.edges.size).toBeGreaterThan(300);
  });

  it('has no import cycle between files, type-only imports included', () => {
    expect(importCycles(graph.edges)).toEqual([]);
  });

  it.each(neverLoads)('keeps %s from loading %s', (from, forbidden) => {
    const start = [...graph.edges.keys()].filter(
      (file) => relative(root, file).startsWith(`${from}/`) && !/\.test\.tsx?$/.test(file),
    );
    const seen = new Set<string>();
    const path = new Map<string, string>();
    const queue = [...start];
    for (const file of queue) {
      for (const next of graph.edges.get(file) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        path.set(next, file);
        queue.push(next);
      }
    }
    const reached = [...seen].filter((file) => relative(root, file).startsWith(`${forbidden}/`));
    const chain = (file: string): string[] =>
      path.has(file) ? [...chain(path.get(file)!), relative(root, file)] : [relative(root, file)];
    expect(reached.slice(0, 1).map(chain)).toEqual([]);
  });

  it.each(tableHomes)('queries the %s table in %s only from %s', (table, within, home) => {
    const query = new RegExp(`\\.(selectFrom|updateTable|insertInto|deleteFrom)\\(\\s*'${table}'`);
    const strays = [...graph.edges.keys()]
      .map((file) => relative(root, file))
      .filter((path) => path.startsWith(within) && !path.startsWith(home))
      .filter((path) => !/\.test\.tsx?$|\/testing\/|fixtures?\.ts$/.test(path))
      .filter((path) => query.test(readFileSync(join(root, path), 'utf8')));
    expect(strays).toEqual([]);
  });

  it('has only the allowed arrows between tiers, each through a package entry point', () => {
    expect(graph.violations).toEqual([]);
  });
});
