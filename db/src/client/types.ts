import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '../schema/index.ts';

export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  rowCount: number;
}

/**
 * `name`: run as a named prepared statement (the dispatcher's and the ingest's hot statements). On PostgreSQL,
 * node-postgres parses it once per pooled connection and the server keeps its plan: measured on the
 * recommendation KNN, 0.86 → 0.30 ms per execution (planning was most of it). The same name must always carry
 * the same text. PGlite ignores it.
 */
export interface QueryOptions {
  name?: string;
}

/** Anything that runs parameterised SQL: the database itself or an open transaction. */
export interface Queryable {
  query<R extends Row = Row>(text: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
}

/** drizzle over either engine; both drivers share this base type. */
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Transaction extends Executor {
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` as the transaction's last act, after the caller's function resolved and right before COMMIT (in
   * registration order; a throw rolls back). The event outbox writes a transaction's events here, so the event
   * ordering lock is held for one statement and the commit only.
   */
  beforeCommit(fn: () => Promise<void>): void;
  /**
   * SQL without parameters (values inlined with `sqlLiteral`) that must run as the transaction's very last
   * statements. On PostgreSQL it travels in the same message as COMMIT, so no client round trip — and no wait
   * for this process's event loop — lies between it and the commit: a lock it takes is held only inside the
   * server. On PGlite it runs right before the commit. A failure rolls the transaction back.
   */
  commitWith(script: string): void;
}

/**
 * What a repository function takes: the database or an open transaction, with drizzle bound to the same
 * connection (`orm`) and the plain parameterised `query` underneath.
 */
export interface Executor extends Queryable {
  readonly orm: Orm;
}

export type Engine = 'postgres' | 'pglite';

/**
 * The one connection seam. A real PostgreSQL/PostGIS through `pg` when DATABASE_URL is set, otherwise an
 * embedded PGlite with PostGIS. Callers cannot tell which: same SQL, same result types (int8 and numeric
 * come back as JS numbers, timestamptz as Date, on both).
 */
export interface Database extends Executor {
  readonly engine: Engine;
  /** Runs `fn` in one transaction (READ COMMITTED); commits if it resolves, rolls back if it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * LISTEN on a channel. `onNotify` receives each payload; after a lost connection is re-established it is
   * called with `null`, meaning "notices may have been missed: re-read the table".
   */
  listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>>;
  /** Throws if the database cannot answer a trivial query right now. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Where this database is, for logs; never contains a password. */
  readonly description: string;
}
