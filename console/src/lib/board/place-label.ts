import type { IncidentView, PlaceHit } from '@c120/dispatch-core/contracts';

/**
 * "陵口镇 · 陈家塘村": a village always with its township, so two villages of one name are told apart (issue 12:
 * 陵口镇陈家塘村 and 导墅镇陈家塘村 are 13 km apart). A township alone is just its name.
 */
export function placeLabel(hit: Pick<PlaceHit, 'kind' | 'name' | 'townshipName'>): string {
  return hit.townshipName && hit.kind !== 'township' && hit.townshipName !== hit.name
    ? `${hit.townshipName} · ${hit.name}`
    : hit.name;
}

/** The address a chosen place fills in: township and village without a separator, as it is written. */
export function placeAddress(hit: Pick<PlaceHit, 'kind' | 'name' | 'townshipName'>): string {
  return hit.townshipName && hit.kind !== 'township' ? `${hit.townshipName}${hit.name}` : hit.name;
}

/** Township · place of a saved incident (from the server's join), or null when it has neither. */
export function incidentPlaceLabel(incident: Pick<IncidentView, 'placeName' | 'townshipName'>): string | null {
  const { placeName, townshipName } = incident;
  if (placeName && townshipName && placeName !== townshipName) return `${townshipName} · ${placeName}`;
  return placeName ?? townshipName ?? null;
}
