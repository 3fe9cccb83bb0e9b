// Devices authenticate with their own secret: as an administrator, give each unit's `json` device a fresh
// credential (the secret is shown once, in the answer). A device has one live credential, so an earlier run's (or
// the demo's) is revoked first. Returns { [deviceId]: secret } for the senders.
import http from 'k6/http';
import { BASE_URL } from './config.js';
import { authed, signIn } from './auth.js';

export function issueJsonDeviceSecrets(count, deviceOf) {
  const admin = authed(signIn(__ENV.K6_ADMIN || 'demo-admin', __ENV.K6_ADMIN_PASSWORD));
  const units = http.get(`${BASE_URL}/api/units`, admin).json();
  const devices = http.get(`${BASE_URL}/api/admin/devices`, admin).json();
  const secrets = {};
  for (let u = 0; u < count; u++) {
    const code = deviceOf(u);
    const unit = units.find((x) => x.code === code);
    if (!unit) throw new Error(`no unit ${code}`);
    for (const d of devices) {
      if (d.protocol === 'json' && d.deviceId === code && d.revokedAt === null) {
        http.post(`${BASE_URL}/api/admin/devices/${d.id}/revoke`, JSON.stringify({}), admin);
      }
    }
    const created = http.post(
      `${BASE_URL}/api/admin/devices`,
      JSON.stringify({ unitId: unit.id, protocol: 'json', deviceId: code }),
      admin,
    );
    if (created.status !== 201) throw new Error(`device ${code}: ${created.status} ${created.body}`);
    secrets[code] = created.json('secret');
  }
  return secrets;
}
