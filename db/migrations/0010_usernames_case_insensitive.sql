-- Usernames are unique regardless of case: "DEMO-ADMIN" beside "demo-admin" (or "Zhang" beside "zhang") would
-- be two accounts a person cannot tell apart in the audit trail. Sign-in looks names up by lower(username), which
-- this index also serves. A database that already holds two names differing only in case stops here with a
-- duplicate-key error naming them: rename or disable one (PATCH /api/admin/users/:id) and migrate again.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
