/*
 * Just enough TOML to write Codex's `config.toml`: strings, numbers, booleans, arrays of
 * those, and nested tables. Values come from the platform (MCP server settings, the agent's
 * instructions), so every string is written as a JSON-escaped basic string and every key
 * that is not bare is quoted: nothing a value holds can start a table of its own.
 */

/** A value `config.toml` can hold here. */
export type TomlValue = string | number | boolean | ReadonlyArray<TomlValue> | TomlTable;

/** A table: keys to values; `undefined` entries are left out. */
export interface TomlTable {
  readonly [key: string]: TomlValue | undefined;
}

const bareKey = /^[A-Za-z0-9_-]+$/;

function key(name: string): string {
  return bareKey.test(name) ? name : JSON.stringify(name);
}

function isTable(value: TomlValue): value is TomlTable {
  return typeof value === 'object' && !Array.isArray(value);
}

function inline(value: TomlValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('TOML numbers must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as TomlTable).filter(
    (entry): entry is [string, TomlValue] => entry[1] !== undefined,
  );
  return `{${entries.map(([name, child]) => `${key(name)} = ${inline(child)}`).join(', ')}}`;
}

/** The document for `table`: its plain values first, then one `[section]` per sub-table. */
export function toToml(table: TomlTable, path: readonly string[] = []): string {
  const entries = Object.entries(table).filter(
    (entry): entry is [string, TomlValue] => entry[1] !== undefined,
  );
  const lines: string[] = [];
  const sections: string[] = [];
  for (const [name, value] of entries) {
    if (isTable(value)) sections.push(toToml(value, [...path, name]));
    else lines.push(`${key(name)} = ${inline(value)}`);
  }
  const header = path.length > 0 && lines.length > 0 ? [`[${path.map(key).join('.')}]`] : [];
  return [[...header, ...lines].join('\n'), ...sections].filter((part) => part !== '').join('\n\n');
}
