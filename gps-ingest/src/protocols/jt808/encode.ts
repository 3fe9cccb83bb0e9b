/**
 * Platform → terminal messages. Each returns a complete wire frame addressed like the terminal's own messages
 * (same protocol version and phone field, so pass the header you received as the target). `serial` is the
 * platform's own message counter for this terminal (the caller keeps it, 0–65535 wrapping).
 * Encoders throw RangeError on arguments outside the protocol's ranges: those are our bugs, not device input.
 */
import { Jt808MsgId, MAX_BODY_LENGTH, type Jt808RegisterResultCode, type Jt808ResultCode } from './constants.ts';
import { buildJt808Frame } from './frame.ts';
import { encodeGbk } from './gbk.ts';
import type { Jt808Target } from './header.ts';

function checkUint(value: number, bits: 8 | 16 | 32, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits)
    throw new RangeError(`${what} ${value} is not a ${bits}-bit unsigned integer`);
  return value;
}

/** 0x8001 平台通用应答: answers a terminal message by its serial and id. */
export function encodeGeneralResponse(
  target: Jt808Target,
  serial: number,
  reply: { replySerial: number; replyMsgId: number; result: Jt808ResultCode },
): Buffer {
  const body = Buffer.allocUnsafe(5);
  body.writeUInt16BE(checkUint(reply.replySerial, 16, 'reply serial'), 0);
  body.writeUInt16BE(checkUint(reply.replyMsgId, 16, 'reply message id'), 2);
  body.writeUInt8(checkUint(reply.result, 8, 'result'), 4);
  return buildJt808Frame(target, Jt808MsgId.PlatformResponse, serial, body);
}

/** 0x8100 终端注册应答; the auth code (GBK) is sent only with result 0, as the standard says. */
export function encodeRegisterResponse(
  target: Jt808Target,
  serial: number,
  reply: { replySerial: number; result: Jt808RegisterResultCode; authCode?: string },
): Buffer {
  const head = Buffer.allocUnsafe(3);
  head.writeUInt16BE(checkUint(reply.replySerial, 16, 'reply serial'), 0);
  head.writeUInt8(checkUint(reply.result, 8, 'result'), 2);
  const code = reply.result === 0 ? encodeGbk(reply.authCode ?? '') : Buffer.alloc(0);
  return buildJt808Frame(target, Jt808MsgId.RegisterResponse, serial, checkBody(Buffer.concat([head, code])));
}

/** One terminal parameter. Most (intervals, thresholds) are DWORD; see `Jt808ParamId`. */
export type Jt808Param =
  { id: number; type: 'byte' | 'word' | 'dword'; value: number } | { id: number; type: 'string'; value: string };

/** 0x8103 设置终端参数: count BYTE, then { id DWORD, length BYTE, value } per parameter. */
export function encodeSetParameters(target: Jt808Target, serial: number, params: readonly Jt808Param[]): Buffer {
  if (params.length === 0 || params.length > 255) throw new RangeError(`${params.length} parameters; 1–255 allowed`);
  const parts: Buffer[] = [Buffer.from([params.length])];
  for (const p of params) {
    let value: Buffer;
    if (p.type === 'string') {
      value = encodeGbk(p.value);
      if (value.length > 255) throw new RangeError(`parameter 0x${p.id.toString(16)} value longer than 255 bytes`);
    } else {
      const size = p.type === 'byte' ? 1 : p.type === 'word' ? 2 : 4;
      value = Buffer.alloc(size);
      value.writeUIntBE(checkUint(p.value, (size * 8) as 8 | 16 | 32, `parameter 0x${p.id.toString(16)}`), 0, size);
    }
    const head = Buffer.allocUnsafe(5);
    head.writeUInt32BE(checkUint(p.id, 32, 'parameter id'), 0);
    head.writeUInt8(value.length, 4);
    parts.push(head, value);
  }
  return buildJt808Frame(target, Jt808MsgId.SetParameters, serial, checkBody(Buffer.concat(parts)));
}

export interface TextMessage {
  text: string;
  /** Read aloud by the terminal's TTS (flag bit 3). Default false. */
  tts?: boolean;
  /** Show on the terminal's screen (flag bit 2). Default true. */
  display?: boolean;
  /** Emergency: 2013 flag bit 0; 2019 bits 0–1 = 10 (otherwise 11, "notice"). Default false. */
  emergency?: boolean;
  /** 2019 text type byte: 1 notice, 2 service. Default 1. */
  textType?: 1 | 2;
  /** Raw flag byte, overriding tts/display/emergency. */
  flags?: number;
}

/**
 * 0x8300 文本信息下发: flag BYTE, [2019: text type BYTE], text GBK. The 2019 revision redefined bits 0–1 as a
 * two-bit kind (01 service, 10 emergency, 11 notice), hence the per-version flag.
 */
export function encodeTextMessage(target: Jt808Target, serial: number, message: TextMessage): Buffer {
  let flags = message.flags;
  if (flags === undefined) {
    flags = 0;
    if (target.version === 2019) flags |= message.emergency ? 0b10 : 0b11;
    else if (message.emergency) flags |= 0b1;
    if (message.display ?? true) flags |= 1 << 2;
    if (message.tts) flags |= 1 << 3;
  }
  const head =
    target.version === 2019
      ? Buffer.from([checkUint(flags, 8, 'flags'), message.textType ?? 1])
      : Buffer.from([checkUint(flags, 8, 'flags')]);
  return buildJt808Frame(
    target,
    Jt808MsgId.TextMessage,
    serial,
    checkBody(Buffer.concat([head, encodeGbk(message.text)])),
  );
}

function checkBody(body: Buffer): Buffer {
  // Sub-packaging platform messages is not implemented; keep texts and parameter lists within one packet.
  if (body.length > MAX_BODY_LENGTH)
    throw new RangeError(`message body ${body.length} bytes exceeds ${MAX_BODY_LENGTH}`);
  return body;
}
