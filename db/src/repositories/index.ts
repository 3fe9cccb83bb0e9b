/**
 * The repositories: every SQL statement the application runs lives in these modules (see docs/DESIGN-NOTES.md,
 * "Data layer"). Each takes an Executor (the Database or an open Transaction) and returns typed rows; mapping rows
 * to API views is the caller's (dispatch-core's) business.
 */
export * from './sql.ts';
export * as facilities from './facilities.ts';
export type { HospitalCandidateRow, HospitalRow, StationRow } from './facilities.ts';
export * as geography from './geography.ts';
export * as audit from './audit.ts';
export type { AuditEventRow } from './audit.ts';
export * as statusChanges from './status-changes.ts';
export type { IncidentStatusChangeRow } from './status-changes.ts';
export * as places from './places.ts';
export type { PlaceHitRow } from './places.ts';
export * as mapInfo from './map-info.ts';
export type { MapInfoRow } from './map-info.ts';
export * as users from './users.ts';
export type { LiveSessionRow, NewUserRow, UserPatch, UserRow } from './users.ts';
export * as devices from './devices.ts';
export type { CredentialRow, DeviceRow, RegistrationRow } from './devices.ts';
export * as positions from './positions.ts';
export type { LastFixRow } from './positions.ts';
export * as relocations from './relocations.ts';
export type { RelocationRow } from './relocations.ts';
export * as roadNetwork from './road-network.ts';
export type { EdgeSnapRow, RoadEdgeCostRow } from './road-network.ts';
export * as coverage from './coverage.ts';
export type { CellDemandRow, PendingRelocationRow, VillageDemandRow } from './coverage.ts';
export * as fleet from './fleet.ts';
export type { NewUnitRow, UnitPatch } from './fleet.ts';
export * as outreach from './outreach.ts';
export type { TownshipMonthRow, VillageVisitRow } from './outreach.ts';
export * as watch from './watch.ts';
export type { ArrivalCandidateRow } from './watch.ts';
export * as analytics from './analytics.ts';
export type { AnalyticsGroupKey, IntervalColumns, RunStampColumn } from './analytics.ts';
export * as replay from './replay.ts';
export type { TrackPointRow } from './replay.ts';
export * as tiles from './tiles.ts';
export type { LayerFeatureRow, TileFeatureRow, TileGeomType } from './tiles.ts';
export * as transfers from './transfers.ts';
export type { TransferRow } from './transfers.ts';
export * as rounds from './rounds.ts';
export type { NewStopRow, RoundFilterRow, RoundRow, StopRow, VisitCandidate } from './rounds.ts';
export * as incidentDesk from './incident-desk.ts';
export * as calls from './calls.ts';
export type { CallerIncidentRow } from './calls.ts';
export * as locationLinks from './location-links.ts';
export type { LinkState } from './location-links.ts';
export * as massCasualty from './mass-casualty.ts';
export type { MassCasualtyRequestRow } from './mass-casualty.ts';
export type { LatestColumns, PositionColumns } from './positions.ts';

// Hot-path repositories of the dispatcher's loop (issue 15): SQL text lives here, services call these.
export * from './events.ts';
export * from './incidents.ts';
export * from './recommendations.ts';
export * from './assignments.ts';
export * from './unit-transitions.ts';
