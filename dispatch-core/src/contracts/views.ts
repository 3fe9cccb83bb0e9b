import { Type, type Static } from '@sinclair/typebox';
import {
  ASSIGNMENT_STATUSES,
  CLOSE_REASONS,
  HOSPITAL_LEVELS,
  INCIDENT_STATUSES,
  RUN_OUTCOMES,
  STATUS_SOURCES,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '@c120/shared/vocabulary';
import { Id, IsoTime, LonLat, Nullable, NullableTime, literalUnion } from './common.ts';

export const UnitKindSchema = literalUnion(UNIT_KINDS);
export const UnitStatusSchema = literalUnion(UNIT_STATUSES);
export const IncidentStatusSchema = literalUnion(INCIDENT_STATUSES);
export const AssignmentStatusSchema = literalUnion(ASSIGNMENT_STATUSES);
export const RunOutcomeSchema = literalUnion(RUN_OUTCOMES);
export const StatusSourceSchema = literalUnion(STATUS_SOURCES);

export const UnitMoveUp = Type.Object({
  relocationId: Id,
  stationId: Id,
  stationName: Type.String(),
  orderedAt: IsoTime,
  acknowledgedAt: Nullable(IsoTime),
});
export type UnitMoveUp = Static<typeof UnitMoveUp>;

export const UnitView = Type.Object({
  id: Id,
  code: Type.String(),
  callSign: Type.String(),
  plate: Nullable(Type.String()),
  kind: UnitKindSchema,
  capabilities: Type.Array(Type.String()),
  stationId: Nullable(Id),
  status: UnitStatusSchema,
  statusSince: IsoTime,
  position: Nullable(LonLat),
  headingDeg: Nullable(Type.Number()),
  speedKmh: Nullable(Type.Number()),
  fixAt: NullableTime,
  /** No position fix for longer than the configured staleness limit. */
  stale: Type.Boolean(),
  activeAssignmentId: Nullable(Id),
  activeIncidentId: Nullable(Id),
  /** The unit's open move-up order (posted at another station, coverage page), null when none. */
  moveUp: Nullable(UnitMoveUp),
});
export type UnitView = Static<typeof UnitView>;

export const AssignmentView = Type.Object({
  id: Id,
  incidentId: Id,
  unitId: Id,
  status: AssignmentStatusSchema,
  assignedAt: IsoTime,
  enRouteAt: NullableTime,
  onSceneAt: NullableTime,
  transportingAt: NullableTime,
  atHospitalAt: NullableTime,
  clearedAt: NullableTime,
  endedAt: NullableTime,
  outcome: Nullable(RunOutcomeSchema),
  destinationHospitalId: Nullable(Id),
  endReason: Nullable(Type.String()),
});
export type AssignmentView = Static<typeof AssignmentView>;

export const CloseReasonSchema = literalUnion(CLOSE_REASONS);

/** One entry of an incident's 备注 thread (added, never edited). */
export const IncidentNoteView = Type.Object({
  id: Id,
  incidentId: Id,
  body: Type.String(),
  /** Display name of the author when the note was written. */
  authorName: Type.String(),
  authorUserId: Nullable(Id),
  createdAt: IsoTime,
});
export type IncidentNoteView = Static<typeof IncidentNoteView>;

export const IncidentView = Type.Object({
  id: Id,
  status: IncidentStatusSchema,
  priority: Type.Integer({ minimum: 1, maximum: 4 }),
  complaint: Type.String(),
  callerPhone: Nullable(Type.String()),
  callerName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  placeId: Nullable(Id),
  /** The gazetteer place picked (村/社区/地标) and the township of the point: a namesake shows its town. */
  placeName: Nullable(Type.String()),
  townshipCode: Nullable(Type.String()),
  townshipName: Nullable(Type.String()),
  location: LonLat,
  patients: Type.Integer(),
  infectious: Type.Boolean(),
  requiredCapabilities: Type.Array(Type.String()),
  notes: Nullable(Type.String()),
  callReceivedAt: IsoTime,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  firstDispatchedAt: NullableTime,
  closedAt: NullableTime,
  cancelledAt: NullableTime,
  cancelReason: Nullable(Type.String()),
  destinationHospitalId: Nullable(Id),
  destinationReason: Nullable(Type.String()),
  /** Why it was closed (required when no run reached the scene). */
  closeReason: Nullable(CloseReasonSchema),
  closeReasonText: Nullable(Type.String()),
  /** Newest acknowledgement of the "no unit yet" alarm: when and by whom (display name). */
  alarmAcknowledgedAt: NullableTime,
  alarmAcknowledgedBy: Nullable(Type.String()),
  /** 备注 thread, oldest first. */
  noteThread: Type.Array(IncidentNoteView),
  /** Hospital capabilities the patient needs (胸痛中心 …), from the complaint by the centre's rules. */
  neededSpecialties: Type.Array(Type.String()),
  /** Needed specialties the chosen destination lacks: flagged on the board; `destinationReason` says why. */
  destinationMissingSpecialties: Type.Array(Type.String()),
  assignments: Type.Array(AssignmentView),
});
export type IncidentView = Static<typeof IncidentView>;

export const StationView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  address: Nullable(Type.String()),
  townshipCode: Nullable(Type.String()),
  location: LonLat,
});
export type StationView = Static<typeof StationView>;

export const HospitalView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  level: literalUnion(HOSPITAL_LEVELS),
  address: Nullable(Type.String()),
  townshipCode: Nullable(Type.String()),
  capabilities: Type.Array(Type.String()),
  accepting: Type.Boolean(),
  location: LonLat,
});
export type HospitalView = Static<typeof HospitalView>;

export const StatusChangeView = Type.Object({
  unitId: Id,
  from: UnitStatusSchema,
  to: UnitStatusSchema,
  source: StatusSourceSchema,
  at: IsoTime,
  assignmentId: Nullable(Id),
  incidentId: Nullable(Id),
  reason: Nullable(Type.String()),
});
export type StatusChangeView = Static<typeof StatusChangeView>;
