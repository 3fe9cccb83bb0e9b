import type { Database } from '@c120/db';
import type { CoreConfig } from '../config.ts';
import type { IncidentsRepository } from '../repositories/incidents.ts';
import type { UnitsRepository } from '../repositories/units.ts';
import type { EtaModel } from '../domain/eta.ts';
import type { UnitNotifier } from './unit-notifier.ts';

/** What services share: the database, settings, repositories, and a way to wake the realtime hub. */
export interface ServiceContext {
  db: Database;
  config: CoreConfig;
  units: UnitsRepository;
  incidents: IncidentsRepository;
  eta: EtaModel;
  /** Called after every commit that wrote events. */
  eventsCommitted: () => void;
  /** Vehicle-terminal downlink (JT/T 808), told after commits. */
  notifier: UnitNotifier;
}

/** Who is acting: `user:<id>`, `device:<id>`, `geofence`, `system`; null while there is no sign-in yet. */
export type Actor = string | null;
