import type { UnitStatus } from '@c120/shared/vocabulary';

/** Status colours, shared by the map layers and the status chips. */
export const STATUS_COLOURS: Record<UnitStatus, string> = {
  available: '#2e7d32',
  dispatched: '#f9a825',
  en_route: '#ef6c00',
  on_scene: '#c62828',
  transporting: '#8e24aa',
  at_hospital: '#1565c0',
  returning: '#00897b',
  off_duty: '#9e9e9e',
  maintenance: '#6d4c41',
  paused: '#757575',
};

/** Priority colours follow the triage convention: 1 red, 2 orange, 3 yellow, 4 green. */
export const PRIORITY_COLOURS: Record<1 | 2 | 3 | 4, string> = {
  1: '#c62828',
  2: '#ef6c00',
  3: '#f9a825',
  4: '#2e7d32',
};

export function priorityColour(priority: number): string {
  return PRIORITY_COLOURS[Math.min(4, Math.max(1, Math.round(priority))) as 1 | 2 | 3 | 4];
}

export const STALE_COLOUR = '#9e9e9e';
