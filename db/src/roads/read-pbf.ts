import { open } from 'node:fs/promises';
import tinyosmpbf, { type OsmPbfElement } from 'tiny-osmpbf';

export type OsmElement = OsmPbfElement;

/** Bytes read so far of the whole file, for a progress bar. */
export type ProgressFn = (doneBytes: number, totalBytes: number) => void;

/**
 * An OSM extract that can be read through from start to end as many times as the import needs (twice: ways
 * first, to learn which nodes matter, then nodes). Elements arrive in file order: nodes, ways, relations.
 */
export interface OsmSource {
  readonly name: string;
  scan(onElement: (e: OsmElement) => void, onProgress?: ProgressFn): Promise<void>;
}

/** Reads a varint at `pos` of `buf`; returns [value, next position]. */
function varint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint in OSM PBF blob header');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

/** `datasize` (field 3) of an OSM PBF BlobHeader message; the type string and index data are skipped. */
function blobDataSize(header: Uint8Array): number {
  let pos = 0;
  while (pos < header.length) {
    const [key, next] = varint(header, pos);
    pos = next;
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) {
      const [v, after] = varint(header, pos);
      if (field === 3) return v;
      pos = after;
    } else if (wire === 2) {
      const [len, after] = varint(header, pos);
      pos = after + len;
    } else throw new Error(`unexpected wire type ${wire} in OSM PBF blob header`);
  }
  throw new Error('OSM PBF blob header without datasize');
}

/**
 * An `.osm.pbf` file read one blob at a time (a few hundred kB each; at most 32 MB by the format), so memory
 * does not grow with the file. Each data blob is decoded by tiny-osmpbf (pure JavaScript, no system tool) as
 * if it were a file of its own: the file's header blob followed by that one data blob.
 */
export function pbfFileSource(path: string): OsmSource {
  return {
    name: path,
    async scan(onElement, onProgress) {
      const file = await open(path, 'r');
      try {
        const total = (await file.stat()).size;
        let pos = 0;
        let headerBlob: Uint8Array | null = null;
        const read = async (length: number): Promise<Uint8Array> => {
          // A fresh, unshared buffer: tiny-osmpbf reads `input.buffer` from offset 0.
          const buf = new Uint8Array(length);
          const { bytesRead } = await file.read(buf, 0, length, pos);
          if (bytesRead !== length) throw new Error(`${path}: truncated OSM PBF at byte ${pos}`);
          pos += length;
          return buf;
        };
        while (pos < total) {
          const lenBytes = await read(4);
          const headerLength = new DataView(lenBytes.buffer).getInt32(0, false);
          const header = await read(headerLength);
          const data = await read(blobDataSize(header));
          const blob = new Uint8Array(4 + headerLength + data.length);
          blob.set(lenBytes, 0);
          blob.set(header, 4);
          blob.set(data, 4 + headerLength);
          if (!headerBlob) {
            headerBlob = blob; // OSMHeader: checked by tiny-osmpbf with every data blob
            continue;
          }
          const single = new Uint8Array(headerBlob.length + blob.length);
          single.set(headerBlob, 0);
          single.set(blob, headerBlob.length);
          tinyosmpbf(single, onElement);
          onProgress?.(pos, total);
        }
      } finally {
        await file.close();
      }
    },
  };
}

/** Elements held in memory, in file order (tests, small synthetic extracts). */
export function memorySource(name: string, elements: readonly OsmElement[]): OsmSource {
  return {
    name,
    async scan(onElement, onProgress) {
      for (const e of elements) onElement(e);
      onProgress?.(1, 1);
    },
  };
}
