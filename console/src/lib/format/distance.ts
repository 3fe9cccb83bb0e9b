/** Kilometres with one decimal below 10 km, whole kilometres above. */
export function formatKm(metres: number): string {
  const km = metres / 1000;
  return km < 10 ? km.toFixed(1) : String(Math.round(km));
}

/** ETA in whole minutes, at least 1. */
export function etaMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}
