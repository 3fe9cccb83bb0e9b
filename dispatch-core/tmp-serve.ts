import { createTestDatabase } from '@c120/db/testing';
import { startServer } from './src/server.ts';
import { loadConfig } from './src/config.ts';
const db = await createTestDatabase();
await db.query(
  `INSERT INTO regions (code, name, geom) VALUES ('x', 'x', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(119.6, 32), 4326), 0.3)))`,
);
await db.query(
  `INSERT INTO units (code, call_sign, kind, capabilities, position, fix_at) SELECT 'u'||i, 'U'||i, 'basic_ambulance', ARRAY['bls'], ST_SetSRID(ST_MakePoint(119.4+random()*0.4, 31.8+random()*0.3),4326), now() FROM generate_series(1,200) i`,
);
const s = await startServer(db, loadConfig({ PORT: '8120', LOG_LEVEL: 'warn' }));
console.log('listening', s.url);
