/**
 * Events are numbered by `seq` without holes. An event is applied only when it is the next one; one already
 * applied (a replay overlapping what we have) is ignored; one further ahead means events were missed, and the
 * client must resubscribe from the last seq it applied.
 */
export type SeqVerdict = 'apply' | 'duplicate' | 'gap';

export function judgeSeq(lastSeq: number, seq: number): SeqVerdict {
  if (seq <= lastSeq) return 'duplicate';
  return seq === lastSeq + 1 ? 'apply' : 'gap';
}
