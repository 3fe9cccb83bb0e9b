import type { TerminalFix } from '@c120/gps-ingest/jt808-client';

/**
 * One position as a simulated device reports it (converted to each protocol's units by its client): the JT/T 808
 * terminal's fields it shares, plus what the HTTP clients send besides.
 */
export type DeviceFix = Pick<
  TerminalFix,
  'time' | 'lat' | 'lon' | 'speedKmh' | 'headingDeg' | 'altitudeM' | 'mileageKm'
> & {
  accuracyM: number;
  batteryPct: number;
};

export interface TransportStats {
  sent: number;
  acked: number;
  refused: number;
}
