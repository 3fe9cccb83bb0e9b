/**
 * Where a vehicle is: parked (at its last point) or driving a `Route`. Progress is by distance, advanced by
 * the simulator tick; what the GPS reports (`fix`) adds the receiver's noise: ~5 m of jitter, a heading from the
 * current leg, a speed that wobbles a little around the leg's speed.
 */
import { metres, offsetMetres, type LonLat } from './geo.ts';
import type { Rng } from './random.ts';
import type { Route } from './route.ts';

export interface GpsReading {
  lon: number;
  lat: number;
  speedKmh: number;
  headingDeg: number;
  accuracyM: number;
}

export class Motion {
  private route: Route | null = null;
  private travelled = 0;
  private routeToken = 0;
  private here: LonLat;
  private heading: number;
  /** Odometer, km. */
  odometerKm: number;

  constructor(start: LonLat, rng: Rng) {
    this.here = start;
    this.heading = rng.uniform(0, 360);
    this.odometerKm = Math.round(rng.uniform(20_000, 180_000));
  }

  get position(): LonLat {
    return this.here;
  }

  get moving(): boolean {
    return this.route !== null;
  }

  get destination(): LonLat | null {
    return this.route?.end ?? null;
  }

  /** Metres left on the current route (0 when parked). */
  get remainingM(): number {
    return this.route ? this.route.lengthM - this.travelled : 0;
  }

  drive(route: Route, token: number): void {
    this.route = route;
    this.travelled = 0;
    this.routeToken = token;
    this.here = route.start;
  }

  park(): void {
    this.route = null;
  }

  /**
   * Drives for `seconds` of simulated driving time (leg speeds × `speedFactor`). Returns the route's token
   * when this step reached its end (the vehicle is then parked there), else null.
   */
  step(seconds: number, speedFactor = 1): number | null {
    const route = this.route;
    if (!route) return null;
    const d = route.advance(this.travelled, seconds, speedFactor);
    this.odometerKm += (d - this.travelled) / 1000;
    this.travelled = d;
    this.here = route.pointAt(d);
    this.heading = route.headingAt(Math.min(d, route.lengthM - 0.01));
    if (d >= route.lengthM - 0.01) {
      this.here = route.end;
      this.route = null;
      return this.routeToken;
    }
    return null;
  }

  /** What the GPS receiver says right now. */
  fix(rng: Rng, jitterM: number): GpsReading {
    const sigma = jitterM / 2;
    const [lon, lat] = offsetMetres(this.here, rng.normal() * sigma, rng.normal() * sigma);
    const route = this.route;
    const speed = route ? route.speedAt(this.travelled) * (1 + rng.normal() * 0.03) : 0;
    const heading = route ? this.heading + rng.normal() * 2 : this.heading;
    return {
      lon,
      lat,
      speedKmh: Math.max(0, speed),
      headingDeg: ((heading % 360) + 360) % 360,
      accuracyM: Math.max(2, jitterM + rng.normal() * 1.5),
    };
  }

  distanceTo(p: LonLat): number {
    return metres(this.here, p);
  }
}
