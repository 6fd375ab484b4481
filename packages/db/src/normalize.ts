import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type pg from 'pg';
import { booleanColumns, jsonColumns } from './schema.ts';

/**
 * The one place where values are made the same on both dialects.
 *
 * Postgres side (type parsers on the pool, so nothing else sees driver types):
 * timestamps → ISO strings, int8 and numeric → numbers (counts, sizes, sums).
 * SQLite side (this plugin, by column name from schema.ts): 0/1 → booleans, JSON text →
 * values. The plugin is harmless on Postgres, which already returns both natively.
 * A column selected under an alias is not normalised: select schema columns by name.
 */
export function postgresTypeParsers(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      switch (oid) {
        case driver.types.builtins.TIMESTAMPTZ:
        case driver.types.builtins.TIMESTAMP: {
          const parseDate = driver.types.getTypeParser(oid, 'text') as (value: string) => Date;
          return (value: string) => parseDate(value).toISOString();
        }
        case driver.types.builtins.INT8:
        case driver.types.builtins.NUMERIC:
          return (value: string) => Number(value);
        default:
          return driver.types.getTypeParser(oid, format ?? 'text');
      }
    },
  } as pg.CustomTypesConfig;
}

export class NormalizeValuesPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) normalizeRow(row);
    return args.result;
  }
}

function normalizeRow(row: UnknownRow): void {
  for (const key in row) {
    const value = row[key];
    if (typeof value === 'number' && booleanColumns.has(key)) row[key] = value !== 0;
    else if (typeof value === 'string' && jsonColumns.has(key)) row[key] = JSON.parse(value);
  }
}

/** JSON text for a JSON column (both dialects store the text; see schema.ts). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}
