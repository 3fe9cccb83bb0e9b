import type { Database } from '@c120/db';
import {
  createIngest,
  isLiveFix,
  liveFixAtMs,
  type Ingest,
  type IngestConfigInput,
  type UnitFix,
} from '@c120/gps-ingest';
import { demoEnabled, type CoreConfig } from './config.ts';
import type { PositionTuple } from './events/index.ts';
import { IncidentsRepository } from './repositories/incidents.ts';
import { UnitsRepository } from './repositories/units.ts';
import { RealtimeHub } from './realtime/hub.ts';
import { SessionSockets } from './realtime/session-sockets.ts';
import { AssignmentService } from './services/assignments.ts';
import type { ServiceContext } from './services/context.ts';
import { IncidentService } from './services/incidents.ts';
import { IncidentReadService } from './services/incident-reads.ts';
import { BoardStateService } from './services/board-state.ts';
import { AuditTrailService } from './services/audit-trail.ts';
import { PlaceSearchService } from './services/place-search.ts';
import { RecommendationService } from './services/recommendations.ts';
import { UnitStatusService } from './services/unit-status.ts';
import { GeofenceService } from './services/geofence.ts';
import { GeofenceWatch } from './services/geofence-watch.ts';
import { HotTableVacuum } from './services/hot-vacuum.ts';
import { StalenessWatchdog } from './services/staleness-watchdog.ts';
import { HospitalService } from './services/hospitals.ts';
import { UnitAdminService } from './services/units-admin.ts';
import { UnitNotifier } from './services/unit-notifier.ts';
import { CoverageService } from './services/coverage.ts';
import { LiveCoverage } from './services/coverage-live.ts';
import { SharedEta } from './services/eta.ts';
import { TileService } from './services/tiles.ts';
import { GlyphService } from './services/glyphs.ts';
import { ROAD_NETWORK_CHANNEL } from '@c120/db/roads';
import { RelocationService } from './services/relocations.ts';
import { AnalyticsService } from './services/analytics.ts';
import { ReplayService } from './services/replay.ts';
import { AuthService, DEFAULT_AUTH_OPTIONS } from './services/auth.ts';
import { RoundService } from './services/rounds.ts';
import { RoundVisitService } from './services/round-visits.ts';
import { TransferService } from './services/transfers.ts';
import { OutreachService } from './services/outreach.ts';
import { CallerLocationService } from './services/caller-location.ts';
import { MassCasualtyService } from './services/mass-casualty.ts';
import { smsGatewayFor } from './services/sms-gateway.ts';
import { TelephonyService } from './services/telephony.ts';
import { AccountsAdminService } from './services/accounts-admin.ts';

/** The dispatch services, wired once. Transport-agnostic: Fastify routes, ingest and tests all call these. */
export interface Core {
  db: Database;
  config: CoreConfig;
  ctx: ServiceContext;
  hub: RealtimeHub;
  /** Device positions in (in-process ingest: pipeline → micro-batched writer → onWritten below). */
  ingest: Ingest;
  incidents: IncidentService;
  /** The board's and the incident panel's reads. */
  incidentReads: IncidentReadService;
  /** A console's first load (one consistent snapshot) and the county outline. */
  boardState: BoardStateService;
  /** An incident's audit trail. */
  auditTrail: AuditTrailService;
  /** Address search. */
  places: PlaceSearchService;
  unitStatus: UnitStatusService;
  recommendations: RecommendationService;
  assignments: AssignmentService;
  geofence: GeofenceService;
  /** Units a geofence may fire for: batches without one skip the geofence queries. */
  geofenceWatch: GeofenceWatch;
  hospitals: HospitalService;
  unitAdmin: UnitAdminService;
  /** Live coverage: recomputed (coalesced) when units change status or move, published as `sys.coverage`. */
  coverage: LiveCoverage;
  /** Move-up orders (accepting a coverage suggestion). */
  relocations: RelocationService;
  /** The drive-time model everything ranks and counts with; `reload()` after importing roads. */
  eta: SharedEta;
  /** Vector tiles of the offline basemap. */
  tiles: TileService;
  /** SDF glyphs of the map labels, from a font on this machine. */
  glyphs: GlyphService;
  analytics: AnalyticsService;
  replay: ReplayService;
  /** Village rounds (巡诊): plans, the crew's record, completion, hand-over. */
  rounds: RoundService;
  /** Arrivals and departures at round stops from the vehicles' GPS (one pass per position batch). */
  roundVisits: RoundVisitService;
  /** Booked transfers (预约转运). */
  transfers: TransferService;
  /** Village outreach for officials. */
  outreach: OutreachService;
  /** The phone line: PBX call events, the popup's context, repeat calls. */
  telephony: TelephonyService;
  /** The caller's position: one-time location links (SMS gateway adapter) and the public page's post. */
  callerLocation: CallerLocationService;
  /** Mass casualty (群体伤): the unit set covering a triage, sent in one action through the assignment service. */
  massCasualty: MassCasualtyService;
  /** Sign-in and sessions. */
  auth: AuthService;
  /** Accounts and device credentials, for administrators. */
  accounts: AccountsAdminService;
  /** Open WebSockets by session: closed (4401) when their session ends. */
  sessionSockets: SessionSockets;
  watchdog: StalenessWatchdog;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CoreOptions {
  ingest?: IngestConfigInput;
  log?: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
}

export function toPositionTuple(f: UnitFix): PositionTuple {
  // The live time: never later than the receipt, so a fix stamped ahead of the clock cannot hold a console's map.
  return [f.unitId, f.lon, f.lat, f.headingDeg ?? null, f.speedKmh ?? null, liveFixAtMs(f)];
}

export function createCore(
  db: Database,
  config: CoreConfig,
  onError: (err: unknown) => void,
  options: CoreOptions = {},
): Core {
  const hub = new RealtimeHub(db, { positionTickMs: config.positionTickMs, onError });
  let geofence: GeofenceService | null = null;
  let relocations: RelocationService | null = null;
  let roundVisits: RoundVisitService | null = null;
  let coverage: LiveCoverage | null = null;
  const watch = new GeofenceWatch(db, onError);
  // Runs after each position batch is durable: consoles see it on the next tick; geofences look for arrivals
  // (only for units en route, transporting or under a move-up order: most batches have none).
  const ingest = createIngest({
    db,
    config: options.ingest ?? {},
    ...(options.log ? { log: options.log } : {}),
    onWritten: async (fixes) => {
      const live = fixes.filter(isLiveFix);
      if (live.length === 0) return;
      hub.publishPositions(live.map(toPositionTuple));
      coverage?.changed('positions');
      // Round visits (巡诊) only for units with a live round: most batches have none and skip the query.
      const onRound = watch.onRound(live);
      if (onRound.length > 0) await roundVisits?.onFixes(onRound).catch(onError);
      const { watched, others } = watch.split(live);
      geofence?.notWatched(others);
      if (watched.length === 0) return;
      await geofence?.onFixes(watched).catch(onError);
      await relocations?.onFixes(watched).catch(onError);
    },
  });
  const eta = new SharedEta(db);
  const ctx: ServiceContext = {
    db,
    config,
    units: new UnitsRepository(config.staleAfterSeconds),
    incidents: new IncidentsRepository(),
    eta,
    eventsCommitted: () => {
      watch.changed(); // before the pump: a unit just sent en route is watched from its next batch
      void hub.poke();
    },
    notifier: new UnitNotifier(ingest, onError),
  };
  const recommendations = new RecommendationService(ctx);
  const unitStatus = new UnitStatusService(ctx);
  const watchdog = new StalenessWatchdog(ctx, onError);
  const hotVacuum = new HotTableVacuum(db, config.hotVacuumIntervalMs, onError);
  geofence = new GeofenceService(ctx, unitStatus);
  relocations = new RelocationService(ctx);
  roundVisits = new RoundVisitService(ctx);
  const incidents = new IncidentService(ctx);
  const assignments = new AssignmentService(ctx, recommendations);
  coverage = new LiveCoverage(
    new CoverageService(
      ctx,
      { urbanSeconds: config.coverageUrbanMinutes * 60, ruralSeconds: config.coverageRuralMinutes * 60 },
      config.coverageGoalPercent / 100,
    ),
    config.coverageIntervalMs,
    (report) => hub.publishCoverage({ type: 'sys.coverage', report }),
    onError,
  );
  const liveCoverage = coverage;
  // Any unit or assignment event (from this instance or another) may change who is available where.
  hub.onEvents((batch) => {
    const e = batch.find((f) => f.type.startsWith('unit.') || f.type.startsWith('assignment.'));
    if (e) liveCoverage.changed(e.type);
    // Another instance's commits (this instance's were signalled at commit) that may change the watched units.
    if (e || batch.some((f) => f.type.startsWith('round.'))) watch.changed();
  });
  const auth = new AuthService(db, {
    ...DEFAULT_AUTH_OPTIONS,
    sessionTtlMs: config.sessionTtlHours * 3600_000,
    unauthenticatedPerMinute: config.unauthenticatedPerMinute,
    demoAccounts: demoEnabled(config, db.engine),
  });
  // A sign-out or revocation here closes that session's WebSockets at once; the sweep finds the rest.
  const sessionSockets = new SessionSockets(db);
  auth.onSessionsEnded((ended) => {
    if ('userId' in ended) sessionSockets.endUser(ended.userId);
    else sessionSockets.endSessions(ended.sessionIds);
  });
  const tiles = new TileService(db);
  let unlisten: (() => Promise<void>) | null = null;
  // An import (`npm run roads:import`, on any machine) notifies at commit: every core swaps its drive-time
  // model and drops its cached tiles, without a restart. After a lost LISTEN connection (null) it reloads too.
  const roadsChanged = async () => {
    try {
      await eta.reload();
      tiles.clear();
      liveCoverage.changed('roads');
      options.log?.info(`road network reloaded: ${eta.name}`);
    } catch (error) {
      onError(error);
    }
  };
  return {
    db,
    config,
    ctx,
    hub,
    ingest,
    incidents,
    incidentReads: new IncidentReadService(ctx),
    boardState: new BoardStateService(ctx),
    auditTrail: new AuditTrailService(ctx),
    places: new PlaceSearchService(ctx),
    unitStatus,
    recommendations,
    assignments,
    geofence,
    geofenceWatch: watch,
    hospitals: new HospitalService(ctx),
    unitAdmin: new UnitAdminService(ctx),
    coverage: liveCoverage,
    relocations,
    eta,
    tiles,
    glyphs: new GlyphService(config.glyphFontFile),
    analytics: new AnalyticsService(ctx),
    replay: new ReplayService(ctx),
    rounds: new RoundService(ctx),
    roundVisits,
    transfers: new TransferService(ctx, incidents, assignments),
    outreach: new OutreachService(ctx),
    telephony: new TelephonyService(ctx),
    callerLocation: new CallerLocationService(
      ctx,
      smsGatewayFor(config.phoneLine, (m) => options.log?.info(m)),
    ),
    massCasualty: new MassCasualtyService(ctx, recommendations, assignments),
    auth,
    accounts: new AccountsAdminService(db, auth, ingest),
    sessionSockets,
    watchdog,
    async start() {
      await eta.reload();
      unlisten = await db.listen(ROAD_NETWORK_CHANNEL, () => void roadsChanged());
      await hub.start();
      watch.start();
      watchdog.start();
      hotVacuum.start();
      liveCoverage.start();
      sessionSockets.start();
    },
    async stop() {
      // Devices first: stop taking positions and write what was accepted, then stop the rest.
      await ingest.stop();
      await watchdog.stop();
      await hotVacuum.stop();
      await liveCoverage.stop();
      await sessionSockets.stop();
      watch.stop();
      await hub.stop();
      await unlisten?.();
    },
  };
}
