/** 0x0704 batch location upload (定位数据批量上传): stored fixes sent after a coverage gap or in bulk. */
import type { DecodedPosition, RejectedItem } from '../../position.ts';
import { decodeLocationBody } from './location.ts';

export interface LocationBatch {
  /** 0 = normal batch, 1 = blind-area back-fill (盲区补报). */
  batchType: number;
  positions: DecodedPosition[];
  rejected: RejectedItem[];
}

/**
 * count WORD, type BYTE, then `count` items of { length WORD, 0x0200 body }. A bad item is rejected on its own
 * (its length still delimits it); a length running past the end stops the walk. Back-filled fixes carry
 * `extras.backfill = true` so live alerting can tell them from current positions.
 */
export function decodeLocationBatchBody(body: Buffer, deviceId: string): LocationBatch | string {
  if (body.length < 3) return `batch body is ${body.length} bytes, needs at least 3`;
  const count = body.readUInt16BE(0);
  const batchType = body.readUInt8(2);
  const positions: DecodedPosition[] = [];
  const rejected: RejectedItem[] = [];
  let o = 3;
  for (let index = 0; index < count; index++) {
    if (o + 2 > body.length) {
      rejected.push({ index, reason: `batch ends after ${index} of ${count} items` });
      break;
    }
    const len = body.readUInt16BE(o);
    if (o + 2 + len > body.length) {
      rejected.push({ index, reason: `item length ${len} runs past the end of the batch` });
      break;
    }
    const item = decodeLocationBody(body.subarray(o + 2, o + 2 + len), deviceId);
    o += 2 + len;
    if (typeof item === 'string') {
      rejected.push({ index, reason: item });
      continue;
    }
    if (batchType === 1) item.extras = { ...item.extras, backfill: true };
    positions.push(item);
  }
  return { batchType, positions, rejected };
}
