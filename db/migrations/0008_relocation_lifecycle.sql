-- A move-up order has a life: ordered → (acknowledged by the crew) → ended. It ends when the unit arrives at the
-- station (geofence or the crew says so), is dispatched or taken out of service, is posted elsewhere, or the
-- dispatcher cancels it. One open order per unit at most; history stays in the table.
ALTER TABLE relocations
  ADD COLUMN acknowledged_at timestamptz,
  ADD COLUMN acknowledged_by text,
  ADD COLUMN ended_at timestamptz,
  ADD COLUMN end_reason text CHECK (end_reason IN ('arrived', 'dispatched', 'unavailable', 'superseded', 'cancelled')),
  ADD COLUMN ended_by text,
  ADD CONSTRAINT relocations_end_complete CHECK ((ended_at IS NULL) = (end_reason IS NULL));

-- Orders written before this migration had no end: keep the newest per unit open, close older ones as replaced.
UPDATE relocations r SET ended_at = now(), end_reason = 'superseded'
WHERE EXISTS (SELECT 1 FROM relocations n WHERE n.unit_id = r.unit_id AND n.id > r.id);

CREATE UNIQUE INDEX relocations_one_open_per_unit ON relocations (unit_id) WHERE ended_at IS NULL;
