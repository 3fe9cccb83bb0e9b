-- Village rounds (巡诊) and booked transfers (预约转运 / 双向转诊).
--
-- A township health centre (卫生院) signs in with its own role, scoped to its township: it plans rounds for the
-- vehicles assigned to it (units.township_code) through its own villages, and books transfers. The centre
-- (dispatcher, admin) plans and schedules everywhere.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('admin', 'dispatcher', 'crew', 'official', 'health_centre'));
ALTER TABLE users ADD COLUMN township_code text REFERENCES townships (code);
-- Scope columns first in these CHECKs (the vocabulary test reads the constraint that starts with the role list).
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_crew_unit CHECK (unit_id IS NOT NULL OR role <> 'crew');
ALTER TABLE users ADD CONSTRAINT users_health_centre_township CHECK (township_code IS NOT NULL OR role <> 'health_centre');

-- The township whose health centre the vehicle serves (a family-doctor team's car, a patrol van); null: county.
ALTER TABLE units ADD COLUMN township_code text REFERENCES townships (code);

-- A round: one vehicle, one (Asia/Shanghai) day, ordered stops. planned → in_progress (first arrival or the
-- crew starts it) → completed; paused while the vehicle is diverted to an emergency; cancelled.
CREATE TABLE rounds (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id       bigint NOT NULL REFERENCES units (id),
  township_code text NOT NULL REFERENCES townships (code),
  round_date    date NOT NULL,
  status        text NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'in_progress', 'paused', 'completed', 'cancelled')),
  team          text,                                   -- family-doctor team (家庭医生团队) or crew on board
  notes         text,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  ended_at      timestamptz
);
-- One live round per vehicle and day (a cancelled one may be planned again).
CREATE UNIQUE INDEX rounds_one_per_unit_day ON rounds (unit_id, round_date) WHERE status <> 'cancelled';
CREATE INDEX rounds_live_unit ON rounds (unit_id) WHERE status IN ('planned', 'in_progress', 'paused');
CREATE INDEX rounds_date ON rounds (round_date);

-- Stops in order (`seq`). Planned stops come from the plan; an unplanned stop is written when the vehicle's GPS
-- dwells at a village that was not on it. Arrival/departure come from the geofence or the crew.
CREATE TABLE round_stops (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id             bigint NOT NULL REFERENCES rounds (id),
  seq                  integer NOT NULL CHECK (seq >= 1),
  place_id             bigint NOT NULL REFERENCES places (id),
  purpose              text NOT NULL CHECK (purpose IN ('health_check', 'chronic_followup', 'vaccination', 'sampling',
                                                        'screening', 'remote_consultation')),
  planned              boolean NOT NULL DEFAULT true,
  planned_at           timestamptz,
  arrived_at           timestamptz,
  departed_at          timestamptz,
  arrival_source       text CHECK (arrival_source IN ('geofence', 'crew', 'console')),
  -- people served per service type ({"health_check": 12, "vaccination": 3}); keys are the purposes
  served               jsonb NOT NULL DEFAULT '{}'::jsonb,
  remote_consultations integer NOT NULL DEFAULT 0 CHECK (remote_consultations >= 0),
  recorded_by          text,
  recorded_at          timestamptz,
  CHECK (departed_at IS NULL OR arrived_at IS NOT NULL)
);
CREATE INDEX round_stops_round ON round_stops (round_id, seq);
CREATE INDEX round_stops_place_arrived ON round_stops (place_id, arrived_at) WHERE arrived_at IS NOT NULL;

-- The gap in a round: the vehicle was taken for an emergency run.
CREATE TABLE round_diversions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id      bigint NOT NULL REFERENCES rounds (id),
  incident_id   bigint NOT NULL REFERENCES incidents (id),
  started_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz
);
CREATE UNIQUE INDEX round_diversions_one_open ON round_diversions (round_id) WHERE ended_at IS NULL;

-- Booked transfers between facilities. booked → scheduled (a unit is set for it) → dispatched (an incident of
-- priority 4 runs it through the normal lifecycle) → completed | cancelled. A scheduled unit taken for an
-- emergency leaves the booking flagged for re-assignment.
CREATE TABLE transfers (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  status               text NOT NULL DEFAULT 'booked'
                       CHECK (status IN ('booked', 'scheduled', 'dispatched', 'completed', 'cancelled')),
  patient_name         text NOT NULL,
  patient_notes        text,
  from_hospital_id     bigint NOT NULL REFERENCES hospitals (id),
  to_hospital_id       bigint NOT NULL REFERENCES hospitals (id),
  window_start         timestamptz NOT NULL,
  window_end           timestamptz NOT NULL,
  needs                text[] NOT NULL DEFAULT '{}',
  township_code        text REFERENCES townships (code),   -- the booking health centre's township
  unit_id              bigint REFERENCES units (id),
  incident_id          bigint REFERENCES incidents (id),
  needs_reassignment   boolean NOT NULL DEFAULT false,
  booked_by            text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (window_end > window_start),
  CHECK (from_hospital_id <> to_hospital_id),
  CHECK (needs <@ ARRAY['negative_pressure', 'monitoring', 'stretcher', 'escort']::text[]),
  CHECK (unit_id IS NOT NULL OR status NOT IN ('scheduled', 'dispatched'))
);
CREATE INDEX transfers_window ON transfers (window_start);
CREATE INDEX transfers_unit ON transfers (unit_id) WHERE status IN ('scheduled', 'dispatched');
CREATE UNIQUE INDEX transfers_incident ON transfers (incident_id) WHERE incident_id IS NOT NULL;
