import { desc, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { mapPois, roadNetworks } from '../schema/index.ts';

/** The newest imported OSM extract (road network and map names), if any. */
export type MapInfoRow = NonNullable<Awaited<ReturnType<typeof newestNetwork>>>;

const num = (expr: ReturnType<typeof sql>) => expr.mapWith(Number);

export async function newestNetwork(db: Executor) {
  const [row] = await db.orm
    .select({
      source: roadNetworks.source,
      importedAt: roadNetworks.importedAt,
      edges: roadNetworks.edges,
      // [west, south, east, north] of the network's hull (null when it has none).
      w: sql<number | null>`ST_XMin(${roadNetworks.hull})`,
      s: sql<number | null>`ST_YMin(${roadNetworks.hull})`,
      e: sql<number | null>`ST_XMax(${roadNetworks.hull})`,
      n: sql<number | null>`ST_YMax(${roadNetworks.hull})`,
      names: num(sql<number>`(SELECT count(*) FROM ${mapPois})`),
    })
    .from(roadNetworks)
    .orderBy(desc(roadNetworks.id))
    .limit(1);
  return row ?? null;
}
