import { createHash } from 'node:crypto';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../schema/index.ts';
import { maskPassword } from '../config.ts';
import type { Database, Orm, QueryOptions, QueryResult, Row, Transaction } from './types.ts';
import { INT8_OID, NUMERIC_OID, parseInt8, parseNumeric } from './type-parsers.ts';

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

const customTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return parseNumeric;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PgOptions {
  url: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** Connections opened at start and never closed for idleness (pg-pool's `min`); default 0. */
  minIdle?: number;
}

function clientConfig(opts: PgOptions): pg.ClientConfig {
  return {
    connectionString: opts.url,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    types: customTypes,
    // All times in the database are timestamptz; a fixed session zone keeps text renderings stable.
    options: '-c TimeZone=UTC',
    application_name: 'c120',
  };
}

/** Statement text → its prepared name (the caller's name + a hash of the text), for the hot statements. */
const preparedNames = new Map<string, string>();

/**
 * node-postgres' query config: named (prepared once per connection) when the caller gave a name. The name sent
 * carries a hash of the text, so a statement whose text varies with its arguments can never reach a connection
 * that prepared a different text under the same name (node-postgres refuses that request outright: seen in the
 * k6 loop when an assignment retried with its other LIMIT).
 */
function statement(
  text: string,
  params: readonly unknown[] | undefined,
  opts: QueryOptions | undefined,
): pg.QueryConfig {
  const values = params as unknown[] | undefined;
  if (!opts?.name) return { text, ...(values ? { values } : {}) };
  let name = preparedNames.get(text);
  if (!name) {
    name = `${opts.name}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    if (preparedNames.size < 1000) preparedNames.set(text, name);
  }
  return { name, text, ...(values ? { values } : {}) };
}

/** Opens a pool and checks, before returning, that the server answers and has PostGIS available. */
export async function openPostgres(opts: PgOptions): Promise<Database> {
  const min = Math.max(0, Math.min(opts.minIdle ?? 0, opts.poolSize));
  const pool = new pg.Pool({ ...clientConfig(opts), max: opts.poolSize, min });
  // An idle client losing its connection (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const description = maskPassword(opts.url);
  try {
    await pool.query('SELECT 1');
    // Fill the pool up to its idle minimum now, not on the first burst of requests.
    if (min > 0) {
      for (const c of await Promise.all(Array.from({ length: min }, () => pool.connect()))) {
        // Each backend loads PostGIS and its catalog caches on first use (tens of ms): pay that here, at start,
        // not inside the first dispatches. Before the first migration there is no PostGIS yet: nothing to warm.
        await c.query('SELECT ST_Distance(ST_MakePoint(0, 0), ST_MakePoint(1, 1))').catch(() => undefined);
        await c.query('SELECT 1 FROM units, incidents, assignments, events LIMIT 0').catch(() => undefined);
        c.release();
      }
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(
      `cannot connect to PostgreSQL at ${description}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const orm = drizzle(pool, { schema }) as unknown as Orm;

  const db: Database = {
    engine: 'postgres',
    orm,
    description,
    async query<R extends Row = Row>(
      text: string,
      params?: readonly unknown[],
      opts?: QueryOptions,
    ): Promise<QueryResult<R>> {
      const res = await pool.query<R>(statement(text, params, opts));
      return { rows: res.rows, rowCount: res.rowCount ?? 0 };
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      // A checked-out client is not watched by the pool: if its connection drops between two queries of this
      // transaction, the 'error' it emits must be caught here (unheard, it would crash the process). The
      // next query then fails, the transaction rolls back, and the client is discarded.
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        // BEGIN is queued, not awaited: the transaction's first statement is queued right behind it and node-postgres
        // sends it from the socket handler that reads BEGIN's answer. Awaiting BEGIN instead left the backend
        // "idle in transaction" until this process's event loop came back to the continuation — the most common
        // wait in pg_stat_activity samples of the dispatcher's loop at 50 loops/s (541 of 1,526).
        const begun = client.query('BEGIN');
        begun.catch(() => undefined); // its failure also fails the statements behind it; awaited below
        const finals: (() => Promise<void>)[] = [];
        const scripts: string[] = [];
        let txOrm: Orm | undefined;
        const tx: Transaction = {
          beforeCommit(f) {
            finals.push(f);
          },
          commitWith(script) {
            scripts.push(script);
          },
          get orm() {
            return (txOrm ??= drizzle(client, { schema }) as unknown as Orm);
          },
          async query<R extends Row = Row>(text: string, params?: readonly unknown[], opts?: QueryOptions) {
            const res = await client.query<R>(statement(text, params, opts));
            return { rows: res.rows, rowCount: res.rowCount ?? 0 };
          },
          async exec(script: string) {
            await client.query(script); // simple-query protocol: several statements allowed
          },
        };
        const result = await fn(tx);
        await begun;
        for (const f of finals) await f();
        // Simple-query protocol: the scripts and COMMIT in one message; an error skips the rest (no COMMIT).
        await client.query(scripts.length ? `${scripts.join(';\n')};\nCOMMIT` : 'COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // connection is gone; do not return it to the pool
        }
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async listen(channel, onNotify) {
      return listenWithReconnect(opts, channel, onNotify);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries). If the connection drops,
 * reconnect with backoff and report `null` so the caller re-reads whatever it may have missed.
 */
async function listenWithReconnect(
  opts: PgOptions,
  channel: string,
  onNotify: (payload: string | null) => void,
): Promise<() => Promise<void>> {
  const quoted = '"' + channel.replace(/"/g, '""') + '"';
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client(clientConfig(opts));
    c.on('notification', (msg) => {
      if (msg.channel === channel) onNotify(msg.payload ?? '');
    });
    c.on('error', () => scheduleReconnect());
    c.on('end', () => scheduleReconnect());
    await c.connect();
    await c.query(`LISTEN ${quoted}`);
    client = c;
  };
  const scheduleReconnect = (delayMs = 500): void => {
    if (stopped || retry) return;
    const old = client;
    client = null;
    old?.removeAllListeners();
    old?.end().catch(() => {});
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        () => onNotify(null),
        () => scheduleReconnect(Math.min(delayMs * 2, 10_000)),
      );
    }, delayMs);
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    if (c) {
      c.removeAllListeners();
      await c.end().catch(() => {});
    }
  };
}
