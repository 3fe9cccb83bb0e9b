/**
 * The terminal side of JT/T 808 (`@c120/gps-ingest/jt808-client`): what a terminal puts on the wire (2013
 * header) and how it reads the platform's answers — used by the simulator's terminal and the test terminal
 * (`@c120/gps-ingest/testing`), so there is one client encoder. Pure: no sockets, no clock. Frames are built with the project's own `buildJt808Frame`, so escaping and the
 * check code are the codec's; the tests decode every frame built here with `decodeJt808Message`.
 */
import {
  buildJt808Frame,
  decodeGbk,
  encodeBcdTime,
  encodeGbk,
  Jt808MsgId,
  Jt808Status,
  parseJt808Frame,
  type Jt808Header,
  type Jt808Target,
} from '../index.ts';
import type { Jt808Register } from './terminal.ts';

/**
 * What a terminal registers with (the fields the platform reads from 0x0100, see `Jt808Register`: Jiangsu 32,
 * Danyang 1181; plate colour 1 blue …) and its phone number as the 12 BCD digits of the 2013 header.
 */
export type TerminalIdentity = Omit<Jt808Register, 'layout'> & { phone: string };

export interface TerminalFix {
  time: Date;
  lat: number;
  lon: number;
  speedKmh: number;
  headingDeg: number;
  altitudeM: number;
  /** Odometer, km (additional item 0x01). */
  mileageKm: number;
  /** Satellites in view (additional item 0x31). */
  satellites: number;
  /** Mobile network signal 0–31 (additional item 0x30). */
  signal: number;
}

export function target(phone: string): Jt808Target {
  return { phone, version: 2013 };
}

function fixedText(text: string, width: number): Buffer {
  const out = Buffer.alloc(width); // NUL padded, as terminals send
  encodeGbk(text).subarray(0, width).copy(out);
  return out;
}

/** 0x0100 body, 2013 layout: province, city, maker (5), model (20), terminal id (7), plate colour, plate (GBK). */
export function registerBody(id: TerminalIdentity): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(id.province, 0);
  head.writeUInt16BE(id.city, 2);
  return Buffer.concat([
    head,
    fixedText(id.makerId, 5),
    fixedText(id.model, 20),
    fixedText(id.terminalId, 7),
    Buffer.from([id.plateColor]),
    encodeGbk(id.plate),
  ]);
}

/** 0x0102 body, 2013: the auth code exactly as the platform sent it. */
export function authBody(authCode: Buffer): Buffer {
  return Buffer.from(authCode);
}

/** 0x0200 body: alarm, status (ACC on, positioned), coordinates ×10⁶, altitude, speed ×10, direction, Beijing BCD time, additional items. */
export function locationBody(fix: TerminalFix): Buffer {
  const b = Buffer.alloc(28);
  let status = Jt808Status.Acc | Jt808Status.Positioned;
  if (fix.lat < 0) status |= Jt808Status.South;
  if (fix.lon < 0) status |= Jt808Status.West;
  b.writeUInt32BE(0, 0);
  b.writeUInt32BE(status, 4);
  b.writeUInt32BE(Math.round(Math.abs(fix.lat) * 1e6), 8);
  b.writeUInt32BE(Math.round(Math.abs(fix.lon) * 1e6), 12);
  b.writeUInt16BE(clamp(Math.round(fix.altitudeM), 0, 0x7fff), 16);
  b.writeUInt16BE(clamp(Math.round(fix.speedKmh * 10), 0, 0xffff), 18);
  b.writeUInt16BE(Math.round(((fix.headingDeg % 360) + 360) % 360) % 360, 20);
  encodeBcdTime(fix.time).copy(b, 22);
  const tlv = Buffer.alloc(6 + 3 + 3);
  tlv.writeUInt8(0x01, 0); // 里程, 1/10 km
  tlv.writeUInt8(4, 1);
  tlv.writeUInt32BE(clamp(Math.round(fix.mileageKm * 10), 0, 0xffff_ffff), 2);
  tlv.writeUInt8(0x30, 6); // 无线通信网络信号强度
  tlv.writeUInt8(1, 7);
  tlv.writeUInt8(clamp(fix.signal, 0, 31), 8);
  tlv.writeUInt8(0x31, 9); // GNSS 定位卫星数
  tlv.writeUInt8(1, 10);
  tlv.writeUInt8(clamp(fix.satellites, 0, 255), 11);
  return Buffer.concat([b, tlv]);
}

/** 0x0001 body: answer to a platform message (0 ok). */
export function terminalResponseBody(replySerial: number, replyMsgId: number, result = 0): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt16BE(replySerial & 0xffff, 0);
  b.writeUInt16BE(replyMsgId & 0xffff, 2);
  b.writeUInt8(result, 4);
  return b;
}

export function frame(phone: string, msgId: number, serial: number, body: Buffer): Buffer {
  return buildJt808Frame(target(phone), msgId, serial & 0xffff, body);
}

export const registerFrame = (id: TerminalIdentity, serial: number) =>
  frame(id.phone, Jt808MsgId.Register, serial, registerBody(id));
export const authFrame = (phone: string, serial: number, code: Buffer) =>
  frame(phone, Jt808MsgId.Auth, serial, authBody(code));
export const heartbeatFrame = (phone: string, serial: number) =>
  frame(phone, Jt808MsgId.Heartbeat, serial, Buffer.alloc(0));
export const locationFrame = (phone: string, serial: number, fix: TerminalFix) =>
  frame(phone, Jt808MsgId.Location, serial, locationBody(fix));
export const terminalResponseFrame = (phone: string, serial: number, replySerial: number, replyMsgId: number) =>
  frame(phone, Jt808MsgId.TerminalResponse, serial, terminalResponseBody(replySerial, replyMsgId));

/** What the platform said, as far as a terminal cares. */
export type PlatformMessage =
  | { kind: 'general'; header: Jt808Header; replySerial: number; replyMsgId: number; result: number }
  | { kind: 'register'; header: Jt808Header; replySerial: number; result: number; authCode: Buffer }
  | { kind: 'parameters'; header: Jt808Header; params: { id: number; value: Buffer }[] }
  | { kind: 'text'; header: Jt808Header; flags: number; text: string }
  | { kind: 'other'; header: Jt808Header }
  | { kind: 'broken'; reason: string };

/** Reads one platform frame (from `FrameSplitter`). Never throws. */
export function readPlatformFrame(bytes: Buffer): PlatformMessage {
  const parsed = parseJt808Frame(bytes);
  if (!parsed.ok) return { kind: 'broken', reason: parsed.reason };
  const { header, body } = parsed;
  try {
    switch (header.msgId) {
      case Jt808MsgId.PlatformResponse:
        return {
          kind: 'general',
          header,
          replySerial: body.readUInt16BE(0),
          replyMsgId: body.readUInt16BE(2),
          result: body.readUInt8(4),
        };
      case Jt808MsgId.RegisterResponse:
        return {
          kind: 'register',
          header,
          replySerial: body.readUInt16BE(0),
          result: body.readUInt8(2),
          authCode: Buffer.from(body.subarray(3)),
        };
      case Jt808MsgId.SetParameters: {
        const params: { id: number; value: Buffer }[] = [];
        const count = body.readUInt8(0);
        let o = 1;
        for (let i = 0; i < count && o + 5 <= body.length; i++) {
          const id = body.readUInt32BE(o);
          const len = body.readUInt8(o + 4);
          params.push({ id, value: Buffer.from(body.subarray(o + 5, o + 5 + len)) });
          o += 5 + len;
        }
        return { kind: 'parameters', header, params };
      }
      case Jt808MsgId.TextMessage: {
        const textStart = header.version === 2019 ? 2 : 1;
        return { kind: 'text', header, flags: body.readUInt8(0), text: decodeGbk(body.subarray(textStart)) };
      }
      default:
        return { kind: 'other', header };
    }
  } catch (err) {
    return { kind: 'broken', reason: err instanceof Error ? err.message : String(err) };
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** 0x0704 body: blind-area back-fill (type 1) of location bodies kept while the connection was down. */
export function locationBatchBody(fixes: readonly TerminalFix[]): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt16BE(fixes.length, 0);
  head.writeUInt8(1, 2);
  const parts: Buffer[] = [head];
  for (const fix of fixes) {
    const item = locationBody(fix);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(item.length, 0);
    parts.push(len, item);
  }
  return Buffer.concat(parts);
}

export const locationBatchFrame = (phone: string, serial: number, fixes: readonly TerminalFix[]) =>
  frame(phone, Jt808MsgId.LocationBatch, serial, locationBatchBody(fixes));
