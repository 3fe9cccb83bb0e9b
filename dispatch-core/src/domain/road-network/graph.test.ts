import { describe, expect, it } from 'vitest';
import { MinHeap, RoadGraph } from './graph.ts';

describe('road graph search', () => {
  // 1 ─10→ 2 ─10→ 3, 1 ─25─ 3 (both ways), 4 isolated behind a one-way 4 → 3.
  const g = new RoadGraph([
    { source: 1, target: 2, cost: 10, reverseCost: -1 },
    { source: 2, target: 3, cost: 10, reverseCost: -1 },
    { source: 1, target: 3, cost: 25, reverseCost: 25 },
    { source: 4, target: 3, cost: 5, reverseCost: -1 },
  ]);
  const at = (times: Float64Array, id: number) => times[g.index.get(id) ?? -1];

  it('finds shortest times from a node, respecting one-way arcs', () => {
    const from1 = g.shortestTimes(g.index.get(1) ?? -1, 'from');
    expect([1, 2, 3, 4].map((id) => at(from1, id))).toEqual([0, 10, 20, Infinity]);
    const from3 = g.shortestTimes(g.index.get(3) ?? -1, 'from');
    expect([1, 2, 3, 4].map((id) => at(from3, id))).toEqual([25, 35, 0, Infinity]);
  });

  it('finds shortest times to a node on the reversed arcs (same numbers as searching from every node)', () => {
    const to3 = g.shortestTimes(g.index.get(3) ?? -1, 'to');
    expect([1, 2, 3, 4].map((id) => at(to3, id))).toEqual([20, 10, 0, 5]);
    for (const id of [1, 2, 4]) {
      expect(at(g.shortestTimes(g.index.get(id) ?? -1, 'from'), 3)).toBe(at(to3, id));
    }
  });

  it('heap pops keys in order', () => {
    const h = new MinHeap();
    const keys = [5, 3, 9, 1, 7, 3, 0, 8];
    keys.forEach((k, i) => h.push(k, i));
    const out: number[] = [];
    while (h.length > 0) {
      out.push(h.topKey());
      h.pop();
    }
    expect(out).toEqual([...keys].sort((a, b) => a - b));
  });
});
