import type { ColumnDataType } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** Column types that differ by dialect; everything else is written once in the migration. */
export interface ColumnTypes {
  timestamp: ColumnDataType;
  json: ColumnDataType;
  boolean: ColumnDataType;
  bigint: ColumnDataType;
  double: ColumnDataType;
  /** Raw bytes (a plugin archive). */
  bytes: ColumnDataType;
}

export function columnTypesFor(dialect: DialectName): ColumnTypes {
  return dialect === 'postgres'
    ? {
        timestamp: 'timestamptz',
        json: 'jsonb',
        boolean: 'boolean',
        bigint: 'bigint',
        double: 'double precision',
        bytes: 'bytea',
      }
    : {
        timestamp: 'text',
        json: 'text',
        boolean: 'integer',
        bigint: 'integer',
        double: 'real',
        bytes: 'blob',
      };
}
