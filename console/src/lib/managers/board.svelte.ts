import type {
  AssignmentView,
  CloseIncidentBody,
  CreateIncidentBody,
  IncidentView,
  PlaceHit,
  RecommendationList,
} from '@c120/dispatch-core/contracts';
import { isoNow } from '../format/time.ts';
import { t } from '../i18n/index.ts';
import type { LonLatPair } from '../map/coords.ts';
import { assignUnit, cancelAssignment } from '../services/assignments.ts';
import { ApiError } from '../services/http.ts';
import {
  cancelIncident,
  closeIncident,
  createIncident,
  fetchRecommendations,
  updateIncident,
} from '../services/incidents.ts';
import { handleError } from './errors.ts';
import type { LiveState } from './live-state.svelte.ts';
import { toasts } from './toasts.svelte.ts';

/** Where the new incident is: a map point, or a gazetteer place (its point). */
export interface PickedLocation {
  point: LonLatPair;
  place: PlaceHit | null;
}

/**
 * The dispatcher board's own state and actions: selection, the call-taking form's location, recommendations for
 * the selected incident, reassign mode, and the user actions (create, assign, reassign, cancel, close), each of
 * which reports failure through the one error handler (the server's message in a toast).
 */
export class BoardState {
  selectedIncidentId = $state<number | null>(null);
  selectedUnitId = $state<number | null>(null);
  formOpen = $state(false);
  /** When the form was opened: the call was answered then (callReceivedAt). */
  formOpenedAt = $state<string | null>(null);
  picked = $state<PickedLocation | null>(null);
  helpOpen = $state(false);
  /** The run being replaced while in reassign mode. */
  reassigning = $state<AssignmentView | null>(null);
  recommendations = $state.raw<RecommendationList | null>(null);
  recommendationsLoading = $state(false);
  /**
   * A second unit waiting for the dispatcher's explicit 加派: assigning to an incident that already has a unit on
   * it never sends at once (a repeated Enter cannot send a second ambulance); the panel asks first.
   */
  confirmingAdditional = $state<number | 'nearest' | null>(null);
  /** Units with an assign request in flight (buttons disabled meanwhile). */
  busyUnits = $state<number[]>([]);
  busy = $state(false);
  /** The incident as the create call returned it, until its event arrives through the stream. */
  #created = $state.raw<IncidentView | null>(null);
  #recsAbort: AbortController | null = null;

  constructor(private readonly live: LiveState) {}

  readonly selectedIncident = $derived.by((): IncidentView | null => {
    const id = this.selectedIncidentId;
    if (id === null) return null;
    return this.live.incidents.get(id) ?? (this.#created?.id === id ? this.#created : null);
  });

  callSignOf(unitId: number): string {
    return this.live.units.get(unitId)?.callSign ?? `#${unitId}`;
  }

  select(incidentId: number | null): void {
    if (incidentId !== this.selectedIncidentId) {
      this.reassigning = null;
      this.recommendations = null;
      this.confirmingAdditional = null;
    }
    this.selectedIncidentId = incidentId;
  }

  /** Moves the selection through the queue (↑/↓). */
  step(delta: 1 | -1): void {
    const queue = this.live.queue;
    if (queue.length === 0) return;
    const at = queue.findIndex((i) => i.id === this.selectedIncidentId);
    const next = at < 0 ? (delta > 0 ? 0 : queue.length - 1) : (at + delta + queue.length) % queue.length;
    this.select(queue[next]?.id ?? null);
  }

  /** The PBX call the open form was started from (来电弹屏): its number is filled in, the incident carries it. */
  callPrefill = $state<{ callId: number; callerPhone: string } | null>(null);

  /** Opens the new-incident form for an answered call. */
  openFormForCall(callId: number, callerPhone: string | null): void {
    this.openForm();
    this.callPrefill = { callId, callerPhone: callerPhone ?? '' };
  }

  openForm(): void {
    if (!this.formOpen) {
      this.formOpen = true;
      this.formOpenedAt = isoNow();
      this.picked = null;
    }
  }

  closeForm(): void {
    this.formOpen = false;
    this.formOpenedAt = null;
    this.picked = null;
    this.callPrefill = null;
  }

  pickPoint(point: LonLatPair): void {
    this.picked = { point, place: null };
  }

  pickPlace(place: PlaceHit): void {
    this.picked = { point: [place.location.lon, place.location.lat], place };
  }

  async create(body: CreateIncidentBody): Promise<IncidentView | null> {
    this.busy = true;
    try {
      const incident = await createIncident(body);
      this.#created = incident;
      toasts.success(t('form.created', { id: incident.id }));
      this.closeForm();
      this.select(incident.id);
      return incident;
    } catch (error) {
      handleError(error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async loadRecommendations(): Promise<void> {
    const incident = this.selectedIncident;
    this.#recsAbort?.abort();
    if (!incident || incident.status === 'closed' || incident.status === 'cancelled') {
      this.recommendations = null;
      return;
    }
    const abort = (this.#recsAbort = new AbortController());
    this.recommendationsLoading = true;
    try {
      const list = await fetchRecommendations(incident.id, abort.signal);
      if (!abort.signal.aborted && list.incidentId === this.selectedIncidentId) this.recommendations = list;
    } catch (error) {
      if (!abort.signal.aborted) handleError(error);
    } finally {
      if (this.#recsAbort === abort) this.recommendationsLoading = false;
    }
  }

  /** Whether the selected incident already has a unit on it (then a further one is 加派). */
  get hasActiveRun(): boolean {
    return this.selectedIncident?.assignments.some((a) => a.status === 'active') ?? false;
  }

  /**
   * Assigns a unit (or the nearest); in reassign mode, replaces the run being reassigned. To an incident that
   * already has a unit on it, only with `additional` (加派, after the confirmation): otherwise the confirmation is
   * shown instead. The server refuses an unflagged second unit too (409 `incident_has_active_run`, e.g. when
   * another console sent one a moment ago): that also opens the confirmation.
   */
  async assign(unitId: number | 'nearest', options: { additional?: boolean } = {}): Promise<boolean> {
    const incident = this.selectedIncident;
    if (!incident) return false;
    const replacing = this.reassigning;
    if (!replacing && !options.additional && this.hasActiveRun) {
      this.confirmingAdditional = unitId;
      return false;
    }
    const key = unitId === 'nearest' ? -1 : unitId;
    if (this.busyUnits.includes(key)) return false;
    this.busyUnits = [...this.busyUnits, key];
    try {
      const result = await assignUnit(incident.id, unitId, {
        ...(replacing ? { replacesAssignmentId: replacing.id } : {}),
        ...(options.additional ? { additional: true } : {}),
      });
      toasts.success(
        t(options.additional ? 'rec.added' : 'rec.assigned', { callSign: result.unit.callSign, id: incident.id }),
      );
      this.reassigning = null;
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'incident_has_active_run') {
        this.confirmingAdditional = unitId;
        return false;
      }
      handleError(error);
      // 409: someone else took the unit; the list is stale.
      if (error instanceof ApiError && error.status === 409) void this.loadRecommendations();
      return false;
    } finally {
      this.busyUnits = this.busyUnits.filter((u) => u !== key);
      void this.loadRecommendations();
    }
  }

  /** The dispatcher confirmed 加派. */
  async confirmAdditional(): Promise<boolean> {
    const unitId = this.confirmingAdditional;
    this.confirmingAdditional = null;
    return unitId === null ? false : this.assign(unitId, { additional: true });
  }

  /** Dual dispatch (双车): the first unit, then the monitoring ambulance as the deliberate second. */
  async dualDispatch(firstUnitId: number, monitoringUnitId: number): Promise<boolean> {
    if (!this.hasActiveRun && !(await this.assign(firstUnitId))) return false;
    return this.assign(monitoringUnitId, { additional: true });
  }

  /** Enter: assign the first recommendation. */
  assignTop(): void {
    const top = this.recommendations?.recommendations[0];
    if (top) void this.assign(top.unit.id);
  }

  async cancelRun(assignment: AssignmentView, reason: string): Promise<boolean> {
    return this.#act(() => cancelAssignment(assignment.id, reason));
  }

  async cancelIncident(id: number, reason: string): Promise<boolean> {
    const ok = await this.#act(() => cancelIncident(id, reason));
    if (ok) toasts.info(t('incident.cancelled', { id }));
    return ok;
  }

  async closeIncident(id: number, body: CloseIncidentBody = {}): Promise<boolean> {
    const ok = await this.#act(() => closeIncident(id, body));
    if (ok) toasts.info(t('incident.closed', { id }));
    return ok;
  }

  async setPriority(id: number, priority: number): Promise<boolean> {
    return this.#act(() => updateIncident(id, { priority }));
  }

  async #act(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    try {
      await action();
      return true;
    } catch (error) {
      handleError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
