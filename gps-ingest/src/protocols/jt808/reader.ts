/** Bounds-checked big-endian reads over a Buffer. Running past the end throws `Truncated`, which the message
 * decoders catch and turn into a value; nothing outside this folder sees it. */

export class Truncated extends Error {
  constructor(what: string) {
    super(`truncated ${what}`);
    this.name = 'Truncated';
  }
}

export class ByteReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  get position(): number {
    return this.offset;
  }

  private need(n: number, what: string): void {
    if (this.remaining < n) throw new Truncated(what);
  }

  u8(what = 'BYTE'): number {
    this.need(1, what);
    const v = this.buf.readUInt8(this.offset);
    this.offset += 1;
    return v;
  }

  u16(what = 'WORD'): number {
    this.need(2, what);
    const v = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  u32(what = 'DWORD'): number {
    this.need(4, what);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** A view (not a copy) of the next n bytes. */
  bytes(n: number, what = `BYTE[${n}]`): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}
