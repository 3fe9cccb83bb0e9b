-- Staleness is derived from fix_at, but the *transition* into and out of stale must be announced exactly once
-- even with several core instances: the watchdog flips this flag with a conditional UPDATE … RETURNING, and
-- only the instance whose UPDATE changed the row writes the event.
ALTER TABLE units ADD COLUMN stale boolean NOT NULL DEFAULT false;
