/** Cuts a TCP byte stream into JT/T 808 frames. One instance per connection. */
import { FLAG } from './escape.ts';

/** Largest legal frame on the wire: 2019 sub-packaged header (21) + 1023 body + check, all escaped, + 2 flags. */
export const MAX_ESCAPED_FRAME_LENGTH = 2 + 2 * (21 + 1023 + 1);

export interface FrameSplitterOptions {
  /** Frames longer than this (escaped, delimiters included) are dropped. Default MAX_ESCAPED_FRAME_LENGTH. */
  maxFrameLength?: number;
}

/**
 * Every 0x7e is a boundary (a raw 0x7e never occurs inside a frame), so a real frame is always one complete
 * segment between two boundaries whatever came before it. Non-empty segments are returned as frames *with*
 * their delimiters, ready for `decodeJt808Message`; garbage between frames comes out as a segment that fails
 * its check code there. Bytes before the first 0x7e of the stream, and oversize segments, are dropped and
 * counted. Terminals that share one 0x7e between consecutive frames work too.
 */
export class FrameSplitter {
  private readonly max: number;
  private parts: Buffer[] = [];
  private size = 0;
  private open = false;
  private discarding = false;
  /** Bytes thrown away: before the first delimiter, or in oversize segments. */
  droppedBytes = 0;
  /** Segments dropped for exceeding the maximum length. */
  oversizeFrames = 0;

  constructor(options: FrameSplitterOptions = {}) {
    this.max = options.maxFrameLength ?? MAX_ESCAPED_FRAME_LENGTH;
  }

  /** Bytes held waiting for the closing delimiter. */
  get pending(): number {
    return this.size;
  }

  /** Feeds one chunk; returns the frames it completed (possibly none). */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let i = 0;
    while (i < chunk.length) {
      const flag = chunk.indexOf(FLAG, i);
      if (flag === -1) {
        this.take(chunk.subarray(i));
        break;
      }
      this.take(chunk.subarray(i, flag));
      if (this.open && !this.discarding && this.size > 0) frames.push(this.emit());
      this.open = true;
      this.discarding = false;
      i = flag + 1;
    }
    // Keep our own copy of an unfinished segment: the caller may reuse its chunk buffer.
    if (this.parts.length > 0) {
      this.parts = [Buffer.concat(this.parts, this.size)];
    }
    return frames;
  }

  /** Forgets any partial frame (e.g. after the connection is reset). */
  reset(): void {
    this.parts = [];
    this.size = 0;
    this.open = false;
    this.discarding = false;
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (!this.open || this.discarding) {
      this.droppedBytes += bytes.length;
      return;
    }
    if (this.size + bytes.length + 2 > this.max) {
      this.droppedBytes += this.size + bytes.length;
      this.oversizeFrames += 1;
      this.discarding = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private emit(): Buffer {
    const out = Buffer.allocUnsafe(this.size + 2);
    out[0] = FLAG;
    let j = 1;
    for (const p of this.parts) {
      p.copy(out, j);
      j += p.length;
    }
    out[j] = FLAG;
    this.parts = [];
    this.size = 0;
    return out;
  }
}
