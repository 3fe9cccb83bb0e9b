-- JT/T 808 terminal registration as the standard intends it (0x0100/0x8100/0x0102): a terminal registers ONCE and
-- keeps its auth code. A phone number is not a secret, so a second registration of a registered terminal gets
-- result 3 (terminal already registered) and no code until an administrator resets it; the identity it gave at its
-- first registration (manufacturer id, terminal model, terminal id, plate) is bound and a later registration that
-- does not match it is refused. Auth codes are stored only as a hash (`sha256:<hex>`), like device tokens.
ALTER TABLE device_credentials
  ADD COLUMN auth_code_hash       text,
  ADD COLUMN registered_at        timestamptz,
  ADD COLUMN terminal_maker_id    text,
  ADD COLUMN terminal_model       text,
  ADD COLUMN terminal_hw_id       text,
  ADD COLUMN terminal_plate       text;

-- Codes issued before this migration: keep them working (terminals keep their code), but hashed, and count the
-- terminal as registered (its identity was never recorded: it is bound at its next registration after a reset).
UPDATE device_credentials
   SET auth_code_hash = 'sha256:' || encode(sha256(convert_to(auth_code, 'UTF8')), 'hex'),
       registered_at = created_at
 WHERE auth_code IS NOT NULL;
ALTER TABLE device_credentials DROP COLUMN auth_code;

-- One registered vehicle per plate among active JT/T 808 terminals (0x8100 result 1 "vehicle already registered").
CREATE UNIQUE INDEX device_credentials_jt808_plate ON device_credentials (terminal_plate)
  WHERE protocol = 'jt808' AND revoked_at IS NULL AND terminal_plate IS NOT NULL AND terminal_plate <> '';

-- A unit's live position is never held by a fix whose time is ahead of the clock: from now on the writer stores
-- units.fix_at no later than the fix's receipt; rows already holding a future time are brought back to now.
UPDATE units SET fix_at = now() WHERE fix_at > now();
