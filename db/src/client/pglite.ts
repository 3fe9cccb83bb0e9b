import { mkdir } from 'node:fs/promises';
import { PGlite, type PGliteInterface, type Transaction as PGliteTx } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../schema/index.ts';
import type { Database, Orm, QueryResult, Row, Transaction } from './types.ts';
import { INT8_OID, NUMERIC_OID, parseInt8, parseNumeric } from './type-parsers.ts';

const parsers = { [INT8_OID]: parseInt8, [NUMERIC_OID]: parseNumeric };

/**
 * Creates an embedded PGlite with PostGIS (~5–15 s: the WASM PostGIS load dominates). `dataDir` null keeps it
 * in memory. PGlite is a single connection and serialises every query and transaction itself, so callers
 * need no extra locking; a query issued while a transaction runs waits for it.
 */
export async function createPglite(dataDir: string | null): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { postgis },
    parsers,
  });
  await pglite.exec("SET TimeZone = 'UTC'");
  return pglite;
}

/**
 * Copies an instance (schema and data). PGlite's own clone() forgets the result parsers, so dump and load here.
 */
export async function clonePglite(source: PGliteInterface): Promise<PGlite> {
  const dump = await source.dumpDataDir('none');
  const copy = await PGlite.create({ loadDataDir: dump, extensions: { postgis }, parsers });
  await copy.exec("SET TimeZone = 'UTC'");
  return copy;
}

/** Wraps a PGlite instance in the common Database seam. Closing the Database closes the instance. */
export function wrapPglite(pglite: PGliteInterface, description: string): Database {
  const orm = drizzle(pglite as PGlite, { schema }) as unknown as Orm;
  const toResult = <R extends Row>(res: { rows: R[]; affectedRows?: number }): QueryResult<R> => ({
    rows: res.rows,
    rowCount: res.affectedRows ?? res.rows.length,
  });
  return {
    engine: 'pglite',
    orm,
    description,
    async query<R extends Row = Row>(text: string, params?: readonly unknown[]) {
      return toResult(await pglite.query<R>(text, params as unknown[] | undefined));
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return pglite.transaction(async (ptx: PGliteTx) => {
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
          get orm(): Orm {
            // drizzle's PGlite driver accepts the transaction object as its client (made once per transaction).
            return (txOrm ??= drizzle(ptx as unknown as PGlite, { schema }) as unknown as Orm);
          },
          async query<R extends Row = Row>(text: string, params?: readonly unknown[]) {
            return toResult(await ptx.query<R>(text, params as unknown[] | undefined));
          },
          async exec(script: string) {
            await ptx.exec(script);
          },
        };
        const result = await fn(tx);
        for (const f of finals) await f();
        for (const script of scripts) await ptx.exec(script);
        return result;
      });
    },
    async listen(channel, onNotify) {
      const unlisten = await pglite.listen(channel, (payload) => onNotify(payload));
      return unlisten;
    },
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
