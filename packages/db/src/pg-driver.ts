import type pg from 'pg';

/**
 * The Postgres driver, loaded on first use: an instance on SQLite (local mode) never loads it
 * (ADR 0026). Every Postgres connection of the platform — pools, LISTEN clients — gets it here.
 */
export async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}
