-- Sign-in sessions. The browser or API client holds an opaque random token; only its SHA-256 is stored, so a
-- copy of this table does not let anyone sign in. A session ends at expires_at, when revoked (logout, user
-- disabled, password reset), or when its user is disabled.
CREATE TABLE sessions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users (id),
  token_hash    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  remote        text,                                 -- IP address the session was opened from
  user_agent    text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

-- Accounts that are not people: the in-process simulator signs in as one. They never have a usable password.
ALTER TABLE users ADD COLUMN service boolean NOT NULL DEFAULT false;
-- Demo accounts (created by the demo seed, documented passwords) are labelled so the login page can show them
-- only in demo mode, and so an operator can find and disable them.
ALTER TABLE users ADD COLUMN demo boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Who created/revoked a device credential (admin routes).
ALTER TABLE device_credentials ADD COLUMN created_by bigint REFERENCES users (id);
