import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { StateSnapshot } from '../contracts/api.ts';
import { ErrorBody } from '../contracts/common.ts';
import { headSeq } from '../repositories/events.ts';
import { SIGNED_IN } from '../auth/roles.ts';
import { scopeState } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';
import { facilities, geography, repeatableRead } from '@c120/db/repositories';
import { toHospitalView, toStationView } from '../repositories/facilities.ts';

const GeoJsonObject = Type.Object({}, { additionalProperties: true });

export default async function stateRoutes(app: App): Promise<void> {
  const { db, ctx } = app.core;
  let inFlight: Promise<StateSnapshot> | null = null;

  // One snapshot: the seq and every row are read in one REPEATABLE READ transaction, so applying the events
  // after `seq` on top of it gives exactly the current state.
  const readSnapshot = (): Promise<StateSnapshot> =>
    db.transaction(async (tx) => {
      await repeatableRead(tx);
      const seq = await headSeq(tx);
      // One query at a time: a transaction is one connection.
      const units = await ctx.units.list(tx);
      const incidents = await ctx.incidents.listActive(tx);
      const stations = await facilities.listStations(tx);
      const hospitals = await facilities.listHospitals(tx);
      return {
        seq,
        serverTime: new Date().toISOString(),
        units,
        incidents,
        stations: stations.map(toStationView),
        hospitals: hospitals.map(toHospitalView),
        staleAfterSeconds: app.core.config.staleAfterSeconds,
        waitAlarmSeconds: app.core.config.waitAlarmSeconds,
        sceneConfirmDistanceM: app.core.config.sceneConfirmDistanceM,
      };
    });

  app.get(
    '/api/state',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['state'],
        summary: 'Everything a console shows, consistent with event seq (subscribe with afterSeq = seq)',
        response: { 200: StateSnapshot, 503: ErrorBody },
      },
    },
    async (req) => {
      const user = currentUser(req);
      // Single flight: consoles loading at the same moment (a shift change, a reconnect storm) share one read.
      // Sharing is safe: the snapshot carries its own seq and each console replays events after it.
      inFlight ??= readSnapshot().finally(() => {
        inFlight = null;
      });
      // Shared, then narrowed per caller (a crew sees its unit and its run only).
      return scopeState(user, await inFlight);
    },
  );

  app.get(
    '/api/geo/county',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['state'],
        summary: 'County boundary and township polygons as GeoJSON (WGS-84), for the offline basemap',
        response: { 200: Type.Object({ county: Type.Union([GeoJsonObject, Type.Null()]), townships: GeoJsonObject }) },
      },
    },
    async (_req, reply) => {
      const { county, townships } = await geography.readCountyGeoJson(db);
      void reply.header('cache-control', 'public, max-age=300');
      return { county, townships };
    },
  );
}
