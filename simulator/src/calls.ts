/**
 * Emergency calls as a county sees them: at villages and communities in proportion to their population, with
 * the priority mix 10 / 30 / 40 / 20 %, ~5 % infectious, a chief complaint that fits the priority, an address
 * in the local style, a caller's phone (mostly mobile, some Danyang landlines 0511-…), and a short note.
 */
import type { CreateIncidentBody } from '@c120/dispatch-core/contracts';
import {
  COMPLAINTS_BY_PRIORITY,
  INFECTIOUS_COMPLAINTS,
  INFECTIOUS_SHARE,
  MOBILE_PREFIXES,
  PRIORITY_MIX,
  SURNAMES,
  type ComplaintChoice,
} from './complaints.ts';
import type { Gazetteer, Place } from './gazetteer.ts';
import { offsetMetres, round6, type LonLat } from './geo.ts';
import type { Rng } from './random.ts';

export interface CallMix {
  priorities: Record<1 | 2 | 3 | 4, number>;
  infectiousShare: number;
}

export const DEFAULT_CALL_MIX: CallMix = { priorities: PRIORITY_MIX, infectiousShare: INFECTIOUS_SHARE };

export interface SimulatedCall {
  body: CreateIncidentBody & { location: { lon: number; lat: number } };
  place: Place;
}

const PRIORITIES = [1, 2, 3, 4] as const;

export class CallGenerator {
  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly rng: Rng,
    private readonly mix: CallMix = DEFAULT_CALL_MIX,
    /** Calls come from within this distance of the village's point (houses around it). */
    private readonly spreadM = 400,
  ) {
    if (gazetteer.villages.length === 0) throw new Error('the gazetteer has no villages to raise calls at');
  }

  next(): SimulatedCall {
    const rng = this.rng;
    const place = rng.weighted(this.gazetteer.villages, (v) => Math.max(v.population, 1));
    const priority = rng.weighted(PRIORITIES, (p) => this.mix.priorities[p]);
    const infectious = rng.chance(this.mix.infectiousShare);
    const complaint = rng.weighted(
      infectious ? INFECTIOUS_COMPLAINTS : COMPLAINTS_BY_PRIORITY[priority],
      (c) => c.weight,
    );
    const [minP, maxP] = complaint.patients ?? [1, 1];
    const patients = maxP > minP && rng.chance(0.4) ? rng.int(minP + 1, maxP) : minP;
    const at = this.scatter(place.at);
    const body: SimulatedCall['body'] = {
      location: { lon: round6(at[0]), lat: round6(at[1]) },
      address: this.address(place),
      callerPhone: this.phone(),
      callerName: `${rng.pick(SURNAMES)}${rng.chance(0.5) ? '先生' : '女士'}`,
      complaint: complaint.text,
      priority,
      patients,
      infectious,
      notes: this.note(complaint, patients),
    };
    return { body, place };
  }

  private scatter(centre: LonLat): LonLat {
    for (let i = 0; i < 5; i++) {
      const r = this.spreadM * Math.sqrt(this.rng.next());
      const a = this.rng.uniform(0, 2 * Math.PI);
      const p = offsetMetres(centre, r * Math.cos(a), r * Math.sin(a));
      if (this.gazetteer.isInside(p)) return p;
    }
    return centre;
  }

  private address(place: Place): string {
    const rng = this.rng;
    const township = this.gazetteer.township(place.townshipCode)?.name ?? '';
    if (place.kind === 'community') return `${township}${place.name}${rng.int(1, 40)}幢${rng.int(1, 4)}单元`;
    return `${township}${place.name}${rng.int(1, 12)}组${rng.int(1, 60)}号`;
  }

  private phone(): string {
    const rng = this.rng;
    if (rng.chance(0.15)) return `0511-8${rng.pick(['6', '8'])}${digits(rng, 6)}`;
    return `${rng.pick(MOBILE_PREFIXES)}${digits(rng, 8)}`;
  }

  private note(c: ComplaintChoice, patients: number): string {
    const rng = this.rng;
    if (patients > 1) return `${patients}人受伤`;
    const [lo, hi] = c.ages ?? [1, 90];
    const sex = c.text.startsWith('孕妇') ? '女' : rng.chance(0.5) ? '男' : '女';
    return `${sex}，约${rng.int(lo, hi)}岁`;
  }
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}
