import type { ColumnType } from 'kysely';

/** ISO-8601 UTC timestamp string. */
export type Timestamp = string;
/** A JSON column: parsed on read, JSON text on write. */
export type Json<T> = ColumnType<T, string, string>;
/** A nullable JSON column: SQL NULL when not given. */
export type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;
