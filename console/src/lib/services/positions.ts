import type { BatchResult, PositionFix } from '../crew/position-buffer.ts';

interface BatchResponse {
  accepted: number;
  error?: string;
  results: { index: number; status: string; reason?: string }[];
}

/** POST /api/positions (JSON batch), reduced to what the crew buffer needs to know. */
export async function postPositions(positions: PositionFix[]): Promise<BatchResult> {
  let response: Response;
  try {
    response = await fetch('/api/positions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ positions }),
      keepalive: positions.length < 200,
    });
  } catch {
    return { kind: 'retry' };
  }
  let data: Partial<BatchResponse> & { message?: string } = {};
  try {
    data = (await response.json()) as typeof data;
  } catch {
    // no JSON body
  }
  const message = data.error ?? data.message ?? `${response.status} ${response.statusText}`;
  if (response.ok) {
    const retryIndexes = (data.results ?? []).filter((r) => r.status === 'retry').map((r) => r.index);
    return { kind: 'ok', retryIndexes };
  }
  if (response.status === 401 || response.status === 403) return { kind: 'refused', message };
  if (response.status === 400 || response.status === 413) return { kind: 'bad', message };
  return { kind: 'retry' };
}
