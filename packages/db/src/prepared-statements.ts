import type pg from 'pg';

/**
 * Statements the platform's Postgres pools send by name, so each connection has Postgres parse
 * and plan them once instead of on every call. For the hot path only, with a bounded set of
 * texts: registered by their callers (the event INSERT and the event bus's NOTIFY, for the usual
 * batch sizes), never every query. The data tier's 3-row event INSERT went from ~0.7× to ~1.05× of the same INSERT sent unnamed
 * through `pg` (bench:events --streamed; decision 0034).
 * Behind a connection pooler in transaction mode (PgBouncer) named statements need the
 * pooler's support for them (PgBouncer ≥ 1.21, `max_prepared_statements`).
 */
const names = new Map<string, string>();

/** Registers `text` to be sent by name on Postgres; returns it. Idempotent. */
export function preparedOnPostgres(text: string): string {
  if (!names.has(text)) names.set(text, `lifeosai_${names.size + 1}`);
  return text;
}

/**
 * pg's `Client`, sending a registered statement text by its name (a `Pool`'s `Client` option).
 * Anything else — other texts, query objects, cursors — goes to pg as it came.
 */
export function namingClient(driver: typeof pg): typeof pg.Client {
  return class NamingClient extends driver.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(config);
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      // Kysely calls `query(text, values)`; a Pool's own `query` passes a callback as well.
      this.query = ((text: unknown, ...rest: unknown[]) => {
        const name = typeof text === 'string' ? names.get(text) : undefined;
        if (name === undefined) return query(text, ...rest);
        const [values, callback] = typeof rest[0] === 'function' ? [undefined, rest[0]] : rest;
        const named = { name, text, ...(values !== undefined && { values }) };
        return callback === undefined ? query(named) : query(named, callback);
      }) as typeof this.query;
    }
  };
}
