import { resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseConnection,
  DeleteQueryNode,
  type Driver,
  InsertQueryNode,
  type QueryResult,
  SelectQueryNode,
  UpdateQueryNode,
} from 'kysely';
import { ConnectionMutex } from './connection-mutex.ts';

export interface NodeSqliteOptions {
  /** Database file path, or `:memory:`. */
  path: string;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

const statementCacheSize = 256;

/**
 * This thread's connections with a transaction open, by database file. A second connection of
 * the same thread that writes meanwhile would wait for the lock synchronously — the thread, and
 * with it the transaction it waits for, frozen for the busy timeout, then "database is locked" —
 * so it is refused at once instead, with what to do (see `NodeSqliteConnection.#guard`).
 */
const openTransactions = new Map<string, NodeSqliteConnection>();

/** Raw SQL that takes the write lock (Kysely's own writes are told apart by their query node). */
const writeStatement =
  /^\s*(?:insert|update|delete|replace|create|drop|alter|begin\s+(?:immediate|exclusive))\b/i;

/**
 * Kysely driver on Node's built-in `node:sqlite` (no native addon to compile).
 *
 * Why each choice:
 * - One connection per handle, guarded by a FIFO mutex: two connections in one thread
 *   deadlock the event loop when one holds a write transaction across an `await` that
 *   waits for the other (its writes wait for the lock synchronously, for the busy timeout).
 *   Local mode's one process holds one handle per service (ADR 0026), so a transaction
 *   never awaits another service; the statements of one run in one chain of microtasks.
 *   Should one ever do, the other connection's write is refused at once with an error that
 *   says so, instead of freezing the thread (`openTransactions`).
 * - WAL + busy timeout: readers never block the writer; other processes wait instead of
 *   failing.
 * - `BEGIN IMMEDIATE`: takes the write lock when the transaction starts, so the busy
 *   timeout applies. With a plain `BEGIN`, a read lock is upgraded mid-transaction and
 *   SQLite answers "database is locked" at once instead of waiting.
 * - Prepared statements are cached: the event-append hot path reuses a few shapes.
 */
export class NodeSqliteDriver implements Driver {
  readonly #options: NodeSqliteOptions;
  readonly #mutex = new ConnectionMutex();
  #connection: NodeSqliteConnection | undefined;

  constructor(options: NodeSqliteOptions) {
    this.#options = options;
  }

  async init(): Promise<void> {
    const database = new DatabaseSync(this.#options.path, { timeout: this.#options.busyTimeoutMs ?? 10_000 });
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    database.exec('PRAGMA foreign_keys = ON');
    this.#connection = new NodeSqliteConnection(
      database,
      this.#options.path === ':memory:' ? undefined : resolve(this.#options.path),
    );
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    if (!this.#connection) {
      this.#mutex.unlock();
      throw new Error('The SQLite database is closed.');
    }
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.#mutex.lock();
    try {
      this.#connection?.close();
      this.#connection = undefined;
    } finally {
      this.#mutex.unlock();
    }
  }
}

class NodeSqliteConnection implements DatabaseConnection {
  readonly #database: DatabaseSync;
  /** The database file (absolute), or undefined for `:memory:` (private to this connection). */
  readonly #file: string | undefined;
  readonly #statements = new Map<string, StatementSync>();

  constructor(database: DatabaseSync, file: string | undefined) {
    this.#database = database;
    this.#file = file;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    this.#guard(compiledQuery);
    try {
      const statement = this.#prepare(compiledQuery.sql);
      const parameters = compiledQuery.parameters.map(toSqliteValue);
      if (statement.columns().length > 0) {
        return { rows: statement.all(...parameters) as R[] };
      }
      const { changes, lastInsertRowid } = statement.run(...parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } finally {
      this.#track();
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) {
      throw new Error('The SQLite driver streams only SELECT queries.');
    }
    const statement = this.#prepare(compiledQuery.sql);
    for (const row of statement.iterate(...compiledQuery.parameters.map(toSqliteValue))) {
      yield { rows: [row as R] };
    }
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
    if (this.#file && openTransactions.get(this.#file) === this) openTransactions.delete(this.#file);
  }

  /** Refuses a write while another connection of this thread holds a transaction on the file. */
  #guard(compiledQuery: CompiledQuery): void {
    if (!this.#file) return;
    const holder = openTransactions.get(this.#file);
    if (holder === undefined || holder === this) return;
    // Only what takes the write lock waits (readers never do in WAL mode, nor `VACUUM INTO`).
    const { query, sql } = compiledQuery;
    const writes =
      InsertQueryNode.is(query) ||
      UpdateQueryNode.is(query) ||
      DeleteQueryNode.is(query) ||
      writeStatement.test(sql);
    if (!writes) return;
    throw new Error(
      `SQLite: another connection in this thread holds a transaction open on ${this.#file} across an await, so this write would wait for it synchronously and freeze the thread (for the busy timeout, then "database is locked"). Let that transaction finish before writing through another handle, or do the work through the handle that holds it.`,
    );
  }

  /** Records whether this connection's transaction is open after a statement. */
  #track(): void {
    if (!this.#file) return;
    if (this.#database.isOpen && this.#database.isTransaction) openTransactions.set(this.#file, this);
    else if (openTransactions.get(this.#file) === this) openTransactions.delete(this.#file);
  }

  #prepare(sql: string): StatementSync {
    const cached = this.#statements.get(sql);
    if (cached) return cached;
    const statement = this.#database.prepare(sql);
    if (this.#statements.size >= statementCacheSize) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/** `node:sqlite` binds only null, numbers, bigints, strings and bytes. */
function toSqliteValue(value: unknown): SQLInputValue {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value as SQLInputValue;
}
