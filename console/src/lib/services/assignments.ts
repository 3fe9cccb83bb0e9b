import type { AssignmentResult, CreateAssignmentBody } from '@c120/dispatch-core/contracts';
import { post, uuid } from './http.ts';

/**
 * POST /api/incidents/:id/assignments. One Idempotency-Key per user action: if the request is retried (the
 * answer lost on the way back), the server replays the stored result instead of assigning twice.
 * A 409 (unit taken by another dispatcher) rejects with the server's message.
 */
export function assignUnit(
  incidentId: number,
  unitId: number | 'nearest',
  options: { replacesAssignmentId?: number; reason?: string; idempotencyKey?: string; additional?: boolean } = {},
): Promise<AssignmentResult> {
  const body: CreateAssignmentBody = { unitId };
  if (options.replacesAssignmentId !== undefined) body.replacesAssignmentId = options.replacesAssignmentId;
  // 加派: said explicitly, else the server refuses a second unit for an incident that has one (409).
  if (options.additional) body.additional = true;
  if (options.reason) body.reason = options.reason;
  return post<AssignmentResult>(`/api/incidents/${incidentId}/assignments`, body, {
    'idempotency-key': options.idempotencyKey ?? uuid(),
  });
}

export const cancelAssignment = (assignmentId: number, reason: string) =>
  post<AssignmentResult>(`/api/assignments/${assignmentId}/cancel`, { reason });
