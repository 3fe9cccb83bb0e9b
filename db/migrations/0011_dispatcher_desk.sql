-- The dispatcher's desk (issue 12): a deliberate close, acknowledged waiting-call alarms, and notes as a thread.
--
-- Closing an incident that no run ever reached needs a reason (误报, 电话指导, 重复呼救, 患者拒绝, 其他 + text);
-- the service enforces when it is needed, the table keeps what was given.
ALTER TABLE incidents
  ADD COLUMN close_reason text
    CHECK (close_reason IN ('false_alarm', 'phone_advice', 'duplicate', 'patient_refused', 'other')),
  ADD COLUMN close_reason_text text,
  ADD CONSTRAINT incidents_close_other_text CHECK (close_reason IS DISTINCT FROM 'other' OR close_reason_text IS NOT NULL),
  -- "No unit yet" alarm: the newest acknowledgement (who and when); each one is also an event.
  ADD COLUMN alarm_acknowledged_at timestamptz,
  ADD COLUMN alarm_acknowledged_by bigint REFERENCES users (id);

-- 备注: a timestamped thread with authors. Append-only by the API (notes are added, never edited). The author's
-- display name is copied at writing time, so the thread reads as it was written even after a rename.
CREATE TABLE incident_notes (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id    bigint NOT NULL REFERENCES incidents (id),
  body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  author_user_id bigint REFERENCES users (id),
  author_name    text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_notes_incident ON incident_notes (incident_id, id);

-- Notes typed at call-taking before this migration (incidents.notes) open their incident's thread.
INSERT INTO incident_notes (incident_id, body, author_user_id, author_name, created_at)
SELECT i.id, left(i.notes, 2000), i.created_by, coalesce(u.display_name, '—'), i.created_at
FROM incidents i LEFT JOIN users u ON u.id = i.created_by
WHERE i.notes IS NOT NULL AND btrim(i.notes) <> ''
ORDER BY i.id;
