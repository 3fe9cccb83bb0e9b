import type {
  CountyReplay,
  IncidentReplay,
  ReplayIncident,
  ReplayStatusChange,
  ReplayTrack,
} from '@c120/dispatch-core/contracts';

/** What the replay view plays, whether it came from one incident or from a county-wide hour. */
export interface ReplayData {
  kind: 'incident' | 'county';
  startMs: number;
  endMs: number;
  tracks: ReplayTrack[];
  /** Units shown (with or without a track) and their status at the start. */
  units: { unitId: number; callSign: string; initialStatus: string | undefined }[];
  statusChanges: ReplayStatusChange[];
  incidents: ReplayIncident[];
}

export function fromIncident(r: IncidentReplay): ReplayData {
  const units = new Map<number, { unitId: number; callSign: string; initialStatus: string | undefined }>();
  for (const t of r.tracks) {
    if (units.has(t.unitId)) continue;
    // Before its first change on this incident the unit was what that change left.
    const first = r.statusChanges.find((c) => c.unitId === t.unitId);
    units.set(t.unitId, { unitId: t.unitId, callSign: t.callSign, initialStatus: first?.from });
  }
  return {
    kind: 'incident',
    startMs: Date.parse(r.from),
    endMs: Math.max(Date.parse(r.to), Date.parse(r.from) + 1000),
    tracks: r.tracks,
    units: [...units.values()],
    statusChanges: r.statusChanges,
    incidents: [r.incident],
  };
}

export function fromCounty(r: CountyReplay): ReplayData {
  const tracked = new Set(r.tracks.map((t) => t.unitId));
  const changed = new Set(r.statusChanges.map((c) => c.unitId));
  return {
    kind: 'county',
    startMs: Date.parse(r.from),
    endMs: Date.parse(r.to),
    tracks: r.tracks,
    // Units that moved or changed status in the hour; idle units are left off the list.
    units: r.unitsAtStart
      .filter((u) => tracked.has(u.unitId) || changed.has(u.unitId))
      .map((u) => ({ unitId: u.unitId, callSign: u.callSign, initialStatus: u.status })),
    statusChanges: r.statusChanges,
    incidents: r.incidents,
  };
}
