-- The phone line, second part (issue 13): where the caller is, the one-time location link, mass casualty.

-- Positions of the caller: from the carrier / AML / handset feed on the telephony seam (`location` events), or from
-- the caller's own browser through the location link. Never the incident point by themselves: the dispatcher
-- takes one into the form explicitly. A resend of the same fix (same call, source, time) is a no-op.
CREATE TABLE call_locations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id      bigint NOT NULL REFERENCES calls (id),
  source       text NOT NULL CHECK (source IN ('carrier', 'aml', 'handset', 'link')),
  geom         geometry(Point, 4326) NOT NULL,
  accuracy_m   integer NOT NULL CHECK (accuracy_m BETWEEN 1 AND 100000),  -- radius, metres
  located_at   timestamptz NOT NULL,                                      -- when the fix was taken
  received_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (call_id, source, located_at)
);
CREATE INDEX call_locations_call ON call_locations (call_id, received_at DESC);

-- One-time location links (the dispatcher sends the caller an SMS or reads the link out). Only the SHA-256 of
-- the 256-bit token is stored; the phone number is never part of it. A link works once, until it expires; a new
-- link for the same call revokes the earlier ones.
CREATE TABLE call_location_links (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id      bigint NOT NULL REFERENCES calls (id),
  token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint REFERENCES users (id),
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  revoked_at   timestamptz,
  sms_status   text NOT NULL DEFAULT 'not_sent' CHECK (sms_status IN ('not_sent', 'sent', 'logged', 'failed')),
  CONSTRAINT call_location_links_expiry CHECK (expires_at > created_at)
);
CREATE INDEX call_location_links_call ON call_location_links (call_id);

-- Mass casualty (群体伤): the triage the dispatcher entered and the set of units requested in one action. The
-- incident shows requested vs sent vs on scene from this row and its assignments.
CREATE TABLE mass_casualty_requests (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id     bigint NOT NULL REFERENCES incidents (id),
  critical        smallint NOT NULL CHECK (critical BETWEEN 0 AND 500),  -- 危重 (red): a monitoring/ALS unit each
  serious         smallint NOT NULL CHECK (serious BETWEEN 0 AND 500),   -- 重症 (yellow)
  minor           smallint NOT NULL CHECK (minor BETWEEN 0 AND 500),     -- 轻症 (green)
  units_needed    smallint NOT NULL CHECK (units_needed >= 0),
  requested_unit_ids bigint[] NOT NULL DEFAULT '{}',
  sent_unit_ids   bigint[] NOT NULL DEFAULT '{}',
  requested_at    timestamptz NOT NULL DEFAULT now(),
  requested_by    bigint REFERENCES users (id)
);
CREATE INDEX mass_casualty_requests_incident ON mass_casualty_requests (incident_id, requested_at DESC);
