import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the Postgres server every Postgres test runs against. */
    postgresAdminUrl: string;
  }
}

/**
 * One real Postgres server for the whole test run. `DATABASE_URL` points the tests
 * at an existing server instead (its user must be allowed to create databases); without
 * it, the embedded server starts here and stops when the run ends — so no Postgres test
 * is ever skipped on a fresh machine.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.DATABASE_URL;
  if (existing) {
    project.provide('postgresAdminUrl', existing);
    return async () => {};
  }
  const server = await startTestPostgres({ fast: true });
  project.provide('postgresAdminUrl', server.adminUrl);
  return () => server.stop();
}
