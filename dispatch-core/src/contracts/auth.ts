import { Type, type Static } from '@sinclair/typebox';
import { COORD_SYSTEMS, DEVICE_PROTOCOLS, USER_ROLES } from '@c120/shared/vocabulary';
import { Id, IsoTime, Nullable, Text, literalUnion } from './common.ts';

export const RoleSchema = literalUnion(USER_ROLES);

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const TownshipCode = Type.String({ pattern: '^[0-9]{9}$', description: '9-digit township code' });
const Password = Type.String({ minLength: 1, maxLength: 200 });
/** New passwords: at least 10 characters (length is what makes a password hard to guess). */
const NewPassword = Type.String({ minLength: 10, maxLength: 200 });

/** POST /api/auth/login */
export const LoginBody = Type.Object({ username: Username, password: Password }, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

/** The signed-in user as the console sees it. */
export const Me = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  unitId: Nullable(Id),
  /** A health centre (卫生院) account's township. */
  townshipCode: Nullable(Type.String()),
  expiresAt: IsoTime,
});
export type Me = Static<typeof Me>;

export const LoginResult = Type.Object({
  user: Me,
  /** The session token, for API clients (`Authorization: Bearer …`); the console uses the HttpOnly cookie. */
  token: Type.String(),
});
export type LoginResult = Static<typeof LoginResult>;

/** GET /api/auth/demo-accounts: only in demo mode (labelled 演示账号 on the login page). */
export const DemoAccounts = Type.Object({
  demo: Type.Boolean(),
  accounts: Type.Array(
    Type.Object({ username: Type.String(), password: Type.String(), role: RoleSchema, displayName: Type.String() }),
  ),
});
export type DemoAccounts = Static<typeof DemoAccounts>;

export const UserView = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  unitId: Nullable(Id),
  townshipCode: Nullable(Type.String()),
  disabled: Type.Boolean(),
  service: Type.Boolean(),
  demo: Type.Boolean(),
  createdAt: IsoTime,
});
export type UserView = Static<typeof UserView>;

/** POST /api/admin/users */
export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Text({ minLength: 1, maxLength: 100 }),
    role: RoleSchema,
    /** Required for a crew account: the one unit it acts for. */
    unitId: Type.Optional(Id),
    /** Required for a health centre (卫生院) account: the township it acts for. */
    townshipCode: Type.Optional(TownshipCode),
    password: NewPassword,
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

/** PATCH /api/admin/users/:id */
export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Text({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(RoleSchema),
    unitId: Type.Optional(Nullable(Id)),
    townshipCode: Type.Optional(Nullable(TownshipCode)),
    disabled: Type.Optional(Type.Boolean()),
    /** A new password (a reset); every session of the user ends. */
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

/** The device protocols: `DEVICE_PROTOCOLS`, the one list (gps-ingest's protocol registry has one entry each). */
export const DeviceProtocolSchema = literalUnion(DEVICE_PROTOCOLS);

export const DeviceCredentialView = Type.Object({
  id: Id,
  unitId: Id,
  protocol: DeviceProtocolSchema,
  deviceId: Type.String(),
  coordSystem: literalUnion(COORD_SYSTEMS),
  hasSecret: Type.Boolean(),
  hasAuthCode: Type.Boolean(),
  /** JT/T 808: when the terminal registered (null: it may register — never did, or its code was rotated/reset). */
  registeredAt: Nullable(IsoTime),
  /** JT/T 808: the identity bound at its first registration; a later registration must repeat it. */
  terminal: Nullable(
    Type.Object({ makerId: Type.String(), model: Type.String(), terminalId: Type.String(), plate: Type.String() }),
  ),
  createdAt: IsoTime,
  revokedAt: Nullable(IsoTime),
});
export type DeviceCredentialView = Static<typeof DeviceCredentialView>;

/**
 * POST /api/admin/devices/:id/jt808/rotate and …/reset: the terminal's auth code stops working at once and its
 * sessions end; it may register once more and receives a new code in 0x8100 (codes are only ever issued there).
 */
export const Jt808ResetBody = Type.Object(
  {
    /** Why (kept in the audit event), e.g. "terminal replaced", "code may have leaked". */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type Jt808ResetBody = Static<typeof Jt808ResetBody>;

/** POST /api/admin/devices */
export const CreateDeviceBody = Type.Object(
  {
    unitId: Id,
    protocol: DeviceProtocolSchema,
    /** JT/T 808: the terminal phone number; OsmAnd/Traccar Client: its device identifier; json: any id. */
    deviceId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' }),
    coordSystem: Type.Optional(literalUnion(COORD_SYSTEMS)),
  },
  { additionalProperties: false },
);
export type CreateDeviceBody = Static<typeof CreateDeviceBody>;

export const CreatedDevice = Type.Object({
  credential: DeviceCredentialView,
  /** HTTP protocols: the token the device sends (Bearer or `token=`). Shown once; only its hash is stored. */
  secret: Nullable(Type.String()),
});
export type CreatedDevice = Static<typeof CreatedDevice>;

/** GET /api/incidents/:id/audit: one entry per event, oldest first. */
export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: IsoTime,
  type: Type.String(),
  /** The raw `events.actor`: user:<id> | device:<id> | system | geofence | a status source | null. */
  actor: Nullable(Type.String()),
  actorKind: Type.Union(
    ['user', 'device', 'system', 'geofence', 'terminal', 'crew', 'console', 'unknown'].map((k) => Type.Literal(k)),
  ),
  /** For a user: display name and username; for a device: its id; else the actor itself. */
  actorName: Nullable(Type.String()),
  actorUsername: Nullable(Type.String()),
  actorRole: Nullable(RoleSchema),
  unitId: Nullable(Id),
  /** One English line for logs and API clients; consoles word `facts` in their own language. */
  summary: Type.String(),
  /** What happened, as data (each present when the event carries it). */
  facts: Type.Object({
    priority: Type.Optional(Type.Integer()),
    complaint: Type.Optional(Type.String()),
    incidentStatus: Type.Optional(Type.String()),
    callSign: Type.Optional(Type.String()),
    runStatus: Type.Optional(Type.String()),
    outcome: Type.Optional(Type.String()),
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    hospitalId: Type.Optional(Type.Integer()),
    missingSpecialties: Type.Optional(Type.Array(Type.String())),
  }),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditTrail = Type.Object({ incidentId: Id, entries: Type.Array(AuditEntry) });
export type AuditTrail = Static<typeof AuditTrail>;
