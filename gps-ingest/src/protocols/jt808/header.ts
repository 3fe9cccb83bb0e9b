/** The JT/T 808 message header (消息头), 2011/2013 and 2019 layouts. */
import { canonicalTerminalId, decodeBcd, encodeBcd } from './bcd.ts';
import type { ByteReader } from './reader.ts';

/** 2013 also covers 2011 terminals (same header). 2019 is flagged by bit 14 of the body properties. */
export type Jt808Version = 2013 | 2019;

export interface Jt808Header {
  msgId: number;
  /** Body length from the properties word (10 bits). */
  bodyLength: number;
  /** Encryption bits 10–12; 0 = plain, bit 10 = RSA. */
  encryption: number;
  /** Bit 13: this packet is one of several (`packetCount`, `packetIndex` are then present). */
  subpackaged: boolean;
  version: Jt808Version;
  /** 2019 only: the protocol version byte (1 for the first 2019 revision). */
  protocolVersion?: number;
  /** Terminal phone number exactly as sent: 12 BCD digits (2013) or 20 (2019), padding zeros included. */
  phone: string;
  /** `phone` without its padding zeros — what `DecodedPosition.deviceId` carries. */
  terminalId: string;
  /** Message serial number (流水号), 0–65535, per sender. */
  serial: number;
  /** Total packets of a sub-packaged message. */
  packetCount?: number;
  /** This packet's index, from 1. */
  packetIndex?: number;
}

/** What a platform message needs to address a terminal: take it from any header the terminal sent. */
export interface Jt808Target {
  phone: string;
  version: Jt808Version;
  protocolVersion?: number | undefined;
}

const SUBPACKAGE_BIT = 0x2000;
const VERSION_BIT = 0x4000;

/** Reads a header; throws `Truncated` (caught by the frame parser) when the bytes run out. */
export function readHeader(r: ByteReader): Jt808Header {
  const msgId = r.u16('message id');
  const props = r.u16('body properties');
  const version: Jt808Version = props & VERSION_BIT ? 2019 : 2013;
  const protocolVersion = version === 2019 ? r.u8('protocol version') : undefined;
  const phone = decodeBcd(r.bytes(version === 2019 ? 10 : 6, 'terminal phone'));
  const serial = r.u16('serial');
  const header: Jt808Header = {
    msgId,
    bodyLength: props & 0x03ff,
    encryption: (props >> 10) & 0x07,
    subpackaged: (props & SUBPACKAGE_BIT) !== 0,
    version,
    phone,
    terminalId: canonicalTerminalId(phone),
    serial,
  };
  if (protocolVersion !== undefined) header.protocolVersion = protocolVersion;
  if (header.subpackaged) {
    header.packetCount = r.u16('packet count');
    header.packetIndex = r.u16('packet index');
  }
  return header;
}

export interface HeaderFields {
  target: Jt808Target;
  msgId: number;
  serial: number;
  bodyLength: number;
  packet?: { count: number; index: number } | undefined;
}

/** Header bytes for a message we send (never encrypted). Throws RangeError on out-of-range fields. */
export function writeHeader(f: HeaderFields): Buffer {
  if (f.bodyLength < 0 || f.bodyLength > 0x3ff) throw new RangeError(`body length ${f.bodyLength} exceeds 1023`);
  const is2019 = f.target.version === 2019;
  const props = f.bodyLength | (f.packet ? SUBPACKAGE_BIT : 0) | (is2019 ? VERSION_BIT : 0);
  const parts: Buffer[] = [];
  const head = Buffer.allocUnsafe(is2019 ? 5 : 4);
  head.writeUInt16BE(f.msgId & 0xffff, 0);
  head.writeUInt16BE(props, 2);
  if (is2019) head.writeUInt8((f.target.protocolVersion ?? 1) & 0xff, 4);
  parts.push(head, encodeBcd(f.target.phone, is2019 ? 10 : 6));
  const tail = Buffer.allocUnsafe(f.packet ? 6 : 2);
  tail.writeUInt16BE(f.serial & 0xffff, 0);
  if (f.packet) {
    tail.writeUInt16BE(f.packet.count, 2);
    tail.writeUInt16BE(f.packet.index, 4);
  }
  parts.push(tail);
  return Buffer.concat(parts);
}
