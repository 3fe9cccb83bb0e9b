/** One position as a simulated device reports it (converted to each protocol's units by its client). */
export interface DeviceFix {
  time: Date;
  lat: number;
  lon: number;
  speedKmh: number;
  headingDeg: number;
  altitudeM: number;
  accuracyM: number;
  batteryPct: number;
  mileageKm: number;
}

export interface TransportStats {
  sent: number;
  acked: number;
  refused: number;
}
