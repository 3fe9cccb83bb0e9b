-- Issue 15: a transaction's events are appended in ONE statement, as its last act before COMMIT (the outbox in
-- dispatch-core/src/repositories/events.ts), and PostgreSQL is told once per commit.
--
-- The ordering promise is unchanged: the advisory lock is held from the append to the end of the transaction, so
-- events commit in `seq` order and "everything after N" stays gap-free. What changes is how long it is held:
-- before, from a transaction's first append_event() (often mid-transaction, with more statements and round trips
-- to follow) to its commit; now, from the single append to the commit right after it.
--
-- One NOTIFY per commit: the payload is the new highest seq of the batch (readers use it only as a wake-up and
-- read the table). A transaction that still calls append_event() once per event sends one notice per event, as
-- before.
CREATE FUNCTION append_events(p_types text[], p_payloads jsonb[], p_incident_ids bigint[], p_unit_ids bigint[],
                              p_actors text[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $$
DECLARE
  seqs bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(120120120);
  WITH ins AS (
    INSERT INTO events (type, payload, incident_id, unit_id, actor)
    SELECT e.t, e.p, e.i, e.u, e.a
    FROM unnest(p_types, p_payloads, p_incident_ids, p_unit_ids, p_actors) WITH ORDINALITY AS e(t, p, i, u, a, n)
    ORDER BY e.n
    RETURNING seq
  )
  SELECT array_agg(seq ORDER BY seq) INTO seqs FROM ins;
  IF seqs IS NOT NULL THEN
    PERFORM pg_notify('c120_events', seqs[array_length(seqs, 1)]::text);
    RETURN QUERY SELECT unnest(seqs);
  END IF;
END $$;
