-- The phone line (issue 13, first slice): calls as the PBX/CTI gateway reports them (POST /api/telephony/events).
--
-- A call is keyed by the PBX's own call id (Asterisk Uniqueid/Linkedid, FreeSWITCH Unique-ID). Times are the
-- PBX's event times: ringing_at → answered_at is the national "answered within 10 s" interval; answered_at →
-- incidents.first_dispatched_at (for the incident created from the call) is answer → dispatch.
CREATE TABLE calls (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id    text NOT NULL UNIQUE CHECK (length(external_id) BETWEEN 1 AND 128),
  caller_number  text CHECK (caller_number ~ '^\+?[0-9]{1,31}$'),   -- digits only (null: withheld)
  line           text CHECK (length(line) <= 64),                    -- trunk / line the call came in on
  status         text NOT NULL DEFAULT 'ringing'
                 CHECK (status IN ('ringing', 'answered', 'ended', 'abandoned')),
  ringing_at     timestamptz NOT NULL,
  answered_at    timestamptz,
  answered_by    bigint REFERENCES users (id),
  seat           text CHECK (length(seat) <= 32),                    -- the PBX's seat / extension
  ended_at       timestamptz,
  -- The incident this call was taken into: created from it, or attached to it (重复呼救).
  incident_id    bigint REFERENCES incidents (id),
  link_kind      text CHECK (link_kind IN ('created', 'attached')),
  linked_at      timestamptz,
  linked_by      bigint REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT calls_answer_after_ring CHECK (answered_at IS NULL OR answered_at >= ringing_at),
  CONSTRAINT calls_link_pair CHECK (num_nulls(incident_id, link_kind) <> 1)
);
CREATE INDEX calls_ringing ON calls (ringing_at);
CREATE INDEX calls_caller ON calls (caller_number, ringing_at DESC);
CREATE INDEX calls_incident ON calls (incident_id) WHERE incident_id IS NOT NULL;
-- One incident is created from at most one call.
CREATE UNIQUE INDEX calls_one_creating_call ON calls (incident_id) WHERE link_kind = 'created';

-- Idempotency: the gateway may resend an event (timeouts, reconnects); each (call, event) is applied once.
CREATE TABLE telephony_events (
  external_id  text NOT NULL,
  event        text NOT NULL CHECK (event IN ('ringing', 'answered', 'ended', 'abandoned')),
  call_id      bigint NOT NULL REFERENCES calls (id),
  at           timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (external_id, event)
);

-- A caller's earlier incidents by number: incidents.caller_phone is typed (spaces, dashes), so the history and
-- the repeat-call check compare its digits.
CREATE INDEX incidents_caller_digits ON incidents ((regexp_replace(caller_phone, '[^0-9+]', '', 'g')))
  WHERE caller_phone IS NOT NULL;
