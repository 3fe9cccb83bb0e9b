import type { Database } from '@c120/db';
import { createIngest, isLiveFix, type Ingest, type IngestConfigInput, type UnitFix } from '@c120/gps-ingest';
import type { CoreConfig } from './config.ts';
import { STRAIGHT_LINE_MODEL } from './domain/eta.ts';
import type { PositionTuple } from './events/index.ts';
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
import { UnitNotifier } from './services/unit-notifier.ts';
import { CoverageService } from './services/coverage.ts';
import { AuthService, DEFAULT_AUTH_OPTIONS } from './services/auth.ts';

/** The dispatch services, wired once. Transport-agnostic: Fastify routes, ingest and tests all call these. */
export interface Core {
  db: Database;
  config: CoreConfig;
  ctx: ServiceContext;
  hub: RealtimeHub;
  /** Device positions in (in-process ingest: pipeline → micro-batched writer → onWritten below). */
  ingest: Ingest;
  incidents: IncidentService;
  unitStatus: UnitStatusService;
  recommendations: RecommendationService;
  assignments: AssignmentService;
  geofence: GeofenceService;
  hospitals: HospitalService;
  unitAdmin: UnitAdminService;
  coverage: CoverageService;
  /** Sign-in and sessions. */
  auth: AuthService;
  watchdog: StalenessWatchdog;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CoreOptions {
  ingest?: IngestConfigInput;
  log?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
}

export function toPositionTuple(f: UnitFix): PositionTuple {
  return [f.unitId, f.lon, f.lat, f.headingDeg ?? null, f.speedKmh ?? null, f.fixAt.getTime()];
}

export function createCore(
  db: Database,
  config: CoreConfig,
  onError: (err: unknown) => void,
  options: CoreOptions = {},
): Core {
  const hub = new RealtimeHub(db, { positionTickMs: config.positionTickMs, onError });
  let geofence: GeofenceService | null = null;
  // Runs after each position batch is durable: consoles see it on the next tick; geofences look for arrivals.
  const ingest = createIngest({
    db,
    config: options.ingest ?? {},
    ...(options.log ? { log: options.log } : {}),
    onWritten: async (fixes) => {
      const live = fixes.filter(isLiveFix);
      if (live.length === 0) return;
      hub.publishPositions(live.map(toPositionTuple));
      await geofence?.onFixes(live).catch(onError);
    },
  });
  const ctx: ServiceContext = {
    db,
    config,
    units: new UnitsRepository(config.staleAfterSeconds),
    incidents: new IncidentsRepository(),
    eta: STRAIGHT_LINE_MODEL,
    eventsCommitted: () => void hub.poke(),
    notifier: new UnitNotifier(ingest, onError),
  };
  const recommendations = new RecommendationService(ctx);
  const unitStatus = new UnitStatusService(ctx);
  const watchdog = new StalenessWatchdog(ctx, onError);
  geofence = new GeofenceService(ctx, unitStatus);
  return {
    db,
    config,
    ctx,
    hub,
    ingest,
    incidents: new IncidentService(ctx),
    unitStatus,
    recommendations,
    assignments: new AssignmentService(ctx, recommendations),
    geofence,
    hospitals: new HospitalService(ctx),
    unitAdmin: new UnitAdminService(ctx),
    coverage: new CoverageService(ctx),
    auth: new AuthService(db, { ...DEFAULT_AUTH_OPTIONS, sessionTtlMs: config.sessionTtlHours * 3600_000 }),
    watchdog,
    async start() {
      await hub.start();
      watchdog.start();
    },
    async stop() {
      // Devices first: stop taking positions and write what was accepted, then stop the rest.
      await ingest.stop();
      await watchdog.stop();
      await hub.stop();
    },
  };
}
