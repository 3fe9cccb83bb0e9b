import { facilities, geography, repeatableRead } from '@c120/db/repositories';
import type { StateSnapshot } from '../contracts/api.ts';
import { headSeq } from '../repositories/events.ts';
import { toHospitalView, toStationView } from '../repositories/facilities.ts';
import type { ServiceContext } from './context.ts';

/** What a console loads first: everything it shows, consistent with an event seq; and the county's outline. */
export class BoardStateService {
  private inFlight: Promise<StateSnapshot> | null = null;

  constructor(private readonly ctx: ServiceContext) {}

  /**
   * One snapshot: the seq and every row are read in one REPEATABLE READ transaction, so applying the events after
   * `seq` on top of it gives exactly the current state. Single flight: consoles loading at the same moment (a shift
   * change, a reconnect storm) share one read — safe, as the snapshot carries its own seq.
   */
  snapshot(): Promise<StateSnapshot> {
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** County boundary and township polygons as GeoJSON (WGS-84). */
  countyGeoJson() {
    return geography.readCountyGeoJson(this.ctx.db);
  }

  private read(): Promise<StateSnapshot> {
    const { config } = this.ctx;
    return this.ctx.db.transaction(async (tx) => {
      await repeatableRead(tx);
      const seq = await headSeq(tx);
      // One query at a time: a transaction is one connection.
      const units = await this.ctx.units.list(tx);
      const incidents = await this.ctx.incidents.listActive(tx);
      const stations = await facilities.listStations(tx);
      const hospitals = await facilities.listHospitals(tx);
      return {
        seq,
        serverTime: new Date().toISOString(),
        units,
        incidents,
        stations: stations.map(toStationView),
        hospitals: hospitals.map(toHospitalView),
        staleAfterSeconds: config.staleAfterSeconds,
        waitAlarmSeconds: config.waitAlarmSeconds,
        sceneConfirmDistanceM: config.sceneConfirmDistanceM,
      };
    });
  }
}
