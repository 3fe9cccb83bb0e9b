/** Bodies of the terminal's session messages: 0x0100 register, 0x0102 auth, 0x0001 general response. */
import { decodeFixedText, decodeGbk } from './gbk.ts';
import type { Jt808Version } from './header.ts';
import { ByteReader } from './reader.ts';

export interface Jt808Register {
  /** Which body layout was read: 2011 has an 8-byte model, 2013 a 20-byte one, 2019 wider fields. */
  layout: '2011' | '2013' | '2019';
  /** GB/T 2260 province and city/county codes. */
  province: number;
  city: number;
  makerId: string;
  model: string;
  /** The terminal's own id (终端 ID), not the phone number. */
  terminalId: string;
  /** JT/T 415 plate colour: 1 blue, 2 yellow, 3 black, 4 white, 9 other; 0 = unplated, and then `plate` is the VIN. */
  plateColor: number;
  plate: string;
}

export interface Jt808Auth {
  authCode: string;
  /** 2019 only. */
  imei?: string;
  /** 2019 only. */
  softwareVersion?: string;
}

export interface Jt808TerminalResponse {
  replySerial: number;
  replyMsgId: number;
  /** 0 ok, 1 fail, 2 bad message, 3 unsupported. */
  result: number;
}

/** Throws `Truncated` on a short body (the caller turns it into a value). */
export function readRegister(body: Buffer, version: Jt808Version): Jt808Register {
  const r = new ByteReader(body);
  const province = r.u16('province');
  const city = r.u16('city');
  let layout: Jt808Register['layout'];
  let widths: [number, number, number];
  if (version === 2019) {
    layout = '2019';
    widths = [11, 30, 30];
  } else if (body.length >= 4 + 5 + 20 + 7 + 1) {
    layout = '2013';
    widths = [5, 20, 7];
  } else {
    // JT/T 808-2011 terminals still in service send an 8-byte model; a 2013 body cannot be this short.
    layout = '2011';
    widths = [5, 8, 7];
  }
  const makerId = decodeFixedText(r.bytes(widths[0], 'maker id'));
  const model = decodeFixedText(r.bytes(widths[1], 'terminal model'));
  const terminalId = decodeFixedText(r.bytes(widths[2], 'terminal id'));
  const plateColor = r.u8('plate colour');
  const plate = decodeFixedText(r.rest());
  return { layout, province, city, makerId, model, terminalId, plateColor, plate };
}

export function readAuth(body: Buffer, version: Jt808Version): Jt808Auth {
  if (version === 2013) return { authCode: decodeFixedText(body) };
  const r = new ByteReader(body);
  const length = r.u8('auth code length');
  const authCode = decodeGbk(r.bytes(length, 'auth code'));
  const auth: Jt808Auth = { authCode };
  // Lenient: a few 2019 terminals stop after the code.
  if (r.remaining >= 15) auth.imei = decodeFixedText(r.bytes(15));
  if (r.remaining > 0) auth.softwareVersion = decodeFixedText(r.bytes(Math.min(20, r.remaining)));
  return auth;
}

export function readTerminalResponse(body: Buffer): Jt808TerminalResponse {
  const r = new ByteReader(body);
  return { replySerial: r.u16('reply serial'), replyMsgId: r.u16('reply message id'), result: r.u8('result') };
}
