import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import {
  CreateDeviceBody,
  CreatedDevice,
  CreateUserBody,
  DeviceCredentialView,
  Jt808ResetBody,
  UpdateUserBody,
  UserView,
} from '../contracts/auth.ts';
import { ClientErrors, ErrorBody, Id, IdParams } from '../contracts/common.ts';
import { ADMINS } from '../auth/roles.ts';
import { currentUser } from '../plugins/auth.ts';

const AuthErrors = { 401: ErrorBody, 403: ErrorBody };

/** Accounts and device credentials: administrators only. Nothing is deleted; users are disabled, credentials revoked. */
export default async function adminRoutes(app: App): Promise<void> {
  const core = app.core;
  const admin = core.accounts;
  const config = { roles: ADMINS };

  app.get(
    '/api/admin/users',
    {
      config,
      schema: { tags: ['admin'], summary: 'All accounts', response: { 200: Type.Array(UserView), ...AuthErrors } },
    },
    async () => admin.listUsers(),
  );

  app.post(
    '/api/admin/users',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Create an account (a crew account is bound to one unit)',
        body: CreateUserBody,
        response: { 201: UserView, ...ClientErrors, ...AuthErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await admin.createUser(req.body)),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Disable/enable, reset the password, change role or bind a crew to a unit; the user’s sessions end',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...ClientErrors, ...AuthErrors },
      },
    },
    async (req) => admin.updateUser(req.params.id, req.body, currentUser(req).id),
  );

  app.get(
    '/api/admin/devices',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Device credentials (secrets are never shown again)',
        querystring: Type.Object({ unitId: Type.Optional(Id) }),
        response: { 200: Type.Array(DeviceCredentialView), ...AuthErrors, 400: ErrorBody },
      },
    },
    async (req) => admin.listDevices(req.query.unitId),
  );

  app.post(
    '/api/admin/devices',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Register a device for a unit; an HTTP device’s secret is in this response only',
        body: CreateDeviceBody,
        response: { 201: CreatedDevice, ...ClientErrors, ...AuthErrors },
      },
    },
    async (req, reply) => reply.status(201).send(await admin.createDevice(req.body, currentUser(req).id)),
  );

  app.post(
    '/api/admin/devices/:id/revoke',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a device credential: its positions are refused from now on',
        params: IdParams,
        response: { 200: DeviceCredentialView, ...ClientErrors, ...AuthErrors },
      },
    },
    async (req) => admin.revokeDevice(req.params.id),
  );

  // JT/T 808 terminals register once; only an administrator lets one register again (terminal-auth.ts).
  for (const mode of ['rotate', 'reset'] as const) {
    app.post(
      `/api/admin/devices/:id/jt808/${mode}`,
      {
        config,
        schema: {
          tags: ['admin'],
          summary:
            mode === 'rotate'
              ? 'Rotate a JT/T 808 auth code: the old code and its sessions end; the same terminal (bound maker, ' +
                'model, terminal id, plate) registers again and receives a new code'
              : 'Reset a JT/T 808 registration (a replaced terminal): code, sessions and bound identity end; the ' +
                'next terminal to register with this phone number receives a new code',
          params: IdParams,
          body: Type.Optional(Jt808ResetBody),
          response: { 200: DeviceCredentialView, ...ClientErrors, ...AuthErrors },
        },
      },
      async (req) => admin.reissueJt808(req.params.id, mode, req.body?.reason ?? null, currentUser(req).id),
    );
  }
}
