import type { Database } from '@c120/db';
import type { CoreConfig } from './config.ts';
import { STRAIGHT_LINE_MODEL } from './domain/eta.ts';
import { IncidentsRepository } from './repositories/incidents.ts';
import { UnitsRepository } from './repositories/units.ts';
import { RealtimeHub } from './realtime/hub.ts';
import { AssignmentService } from './services/assignments.ts';
import type { ServiceContext } from './services/context.ts';
import { IncidentService } from './services/incidents.ts';
import { RecommendationService } from './services/recommendations.ts';
import { UnitStatusService } from './services/unit-status.ts';
import { GeofenceService } from './services/geofence.ts';
import { StalenessWatchdog } from './services/staleness-watchdog.ts';
import { HospitalService } from './services/hospitals.ts';
import { UnitAdminService } from './services/units-admin.ts';

/** The dispatch services, wired once. Transport-agnostic: Fastify routes, ingest and tests all call these. */
export interface Core {
  db: Database;
  config: CoreConfig;
  ctx: ServiceContext;
  hub: RealtimeHub;
  incidents: IncidentService;
  unitStatus: UnitStatusService;
  recommendations: RecommendationService;
  assignments: AssignmentService;
  geofence: GeofenceService;
  hospitals: HospitalService;
  unitAdmin: UnitAdminService;
  watchdog: StalenessWatchdog;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCore(db: Database, config: CoreConfig, onError: (err: unknown) => void): Core {
  const hub = new RealtimeHub(db, { positionTickMs: config.positionTickMs, onError });
  const ctx: ServiceContext = {
    db,
    config,
    units: new UnitsRepository(config.staleAfterSeconds),
    incidents: new IncidentsRepository(),
    eta: STRAIGHT_LINE_MODEL,
    eventsCommitted: () => void hub.poke(),
  };
  const recommendations = new RecommendationService(ctx);
  const unitStatus = new UnitStatusService(ctx);
  const watchdog = new StalenessWatchdog(ctx, onError);
  return {
    db,
    config,
    ctx,
    hub,
    incidents: new IncidentService(ctx),
    unitStatus,
    recommendations,
    assignments: new AssignmentService(ctx, recommendations),
    geofence: new GeofenceService(ctx, unitStatus),
    hospitals: new HospitalService(ctx),
    unitAdmin: new UnitAdminService(ctx),
    watchdog,
    async start() {
      await hub.start();
      watchdog.start();
    },
    async stop() {
      await watchdog.stop();
      await hub.stop();
    },
  };
}
