-- A Traccar Client / OsmAnd device proves who it is with a token (`token=` in its URL or `Authorization: Bearer`).
-- From now on an active `osmand` credential must carry one (only its hash is stored). Rows that existed before
-- this migration are left as they are (NOT VALID: nothing stored is changed) but gps-ingest refuses their
-- positions (`bad_secret`) until an administrator issues a token: revoke the credential and register the device
-- again (`POST /api/admin/devices`, the token is in that answer only). The demo seed gives its devices demo tokens.
-- A `json` credential may still lack a secret: it then accepts only a signed-in crew session (the tablet browser).
ALTER TABLE device_credentials ADD CONSTRAINT device_credentials_osmand_token
  CHECK (protocol <> 'osmand' OR secret_hash IS NOT NULL OR revoked_at IS NOT NULL) NOT VALID;
