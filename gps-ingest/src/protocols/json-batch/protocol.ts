/**
 * Our JSON batch (crew tablets, load tests, a separately run gateway): no listener of its own — batches arrive
 * through core's HTTP API (`POST /api/positions`), which hands them to `Ingest.acceptJsonBatch`.
 */
import type { ProtocolDefinition } from '../protocol.ts';
import { decodeJsonBatch } from './decode.ts';

export const jsonBatchProtocol = {
  name: 'json',
  title: 'JSON batch (HTTP API)',
  decoder: decodeJsonBatch,
  auth: 'secret',
  settings: null,
  startServer: null,
} as const satisfies ProtocolDefinition<'json'>;
