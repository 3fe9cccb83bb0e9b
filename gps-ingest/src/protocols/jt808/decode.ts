/** Frame or reassembled body → a typed JT/T 808 message. */
import type { DecodedPosition, RejectedItem } from '../../position.ts';
import { decodeLocationBatchBody } from './batch.ts';
import { Jt808MsgId } from './constants.ts';
import { parseJt808Frame, type Jt808DecodeOptions } from './frame.ts';
import type { Jt808Header } from './header.ts';
import { decodeLocationBody, LOCATION_BASE_LENGTH } from './location.ts';
import { Truncated } from './reader.ts';
import {
  readAuth,
  readRegister,
  readTerminalResponse,
  type Jt808Auth,
  type Jt808Register,
  type Jt808TerminalResponse,
} from './terminal.ts';

export type Jt808Message =
  | { kind: 'register'; header: Jt808Header; register: Jt808Register }
  | { kind: 'auth'; header: Jt808Header; auth: Jt808Auth }
  | { kind: 'heartbeat'; header: Jt808Header }
  | { kind: 'logout'; header: Jt808Header }
  | { kind: 'terminalResponse'; header: Jt808Header; response: Jt808TerminalResponse }
  /** 0x0200: `positions` has the one fix, or is empty with the reason in `rejected` (still acknowledge it). */
  | { kind: 'location'; header: Jt808Header; positions: DecodedPosition[]; rejected: RejectedItem[] }
  | {
      kind: 'locationBatch';
      header: Jt808Header;
      batchType: number;
      positions: DecodedPosition[];
      rejected: RejectedItem[];
    }
  /** One packet of a sub-packaged message: feed it to a `SubpackageAssembler`, then `decodeJt808Body`. */
  | { kind: 'fragment'; header: Jt808Header; body: Buffer }
  /** A well-formed message this codec does not interpret (or an encrypted one): acknowledge or ignore it. */
  | { kind: 'unknown'; header: Jt808Header; body: Buffer }
  /**
   * Unusable. Without `header` the frame itself is broken (escape, check code, too short): drop it silently.
   * With `header` the frame was intact but its body was not: answer 0x8001 with result 2 (bad message).
   */
  | { kind: 'invalid'; reason: string; header?: Jt808Header };

export type Jt808MessageKind = Jt808Message['kind'];

/** Decodes one frame as cut by `FrameSplitter` (delimiters optional). Never throws. */
export function decodeJt808Message(frame: Buffer, options: Jt808DecodeOptions = {}): Jt808Message {
  try {
    const parsed = parseJt808Frame(frame, options);
    if (!parsed.ok) {
      return parsed.header
        ? { kind: 'invalid', reason: parsed.reason, header: parsed.header }
        : { kind: 'invalid', reason: parsed.reason };
    }
    if (parsed.header.subpackaged) return { kind: 'fragment', header: parsed.header, body: parsed.body };
    return decodeJt808Body(parsed.header, parsed.body);
  } catch (error) {
    // Safety net for the contract; the fuzz tests assert it is never reached.
    return { kind: 'invalid', reason: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Decodes a body for its header: a whole frame's, or a reassembled sub-packaged message's. Never throws. */
export function decodeJt808Body(header: Jt808Header, body: Buffer): Jt808Message {
  try {
    return decodeBody(header, body);
  } catch (error) {
    const reason =
      error instanceof Truncated
        ? `body ${error.message}`
        : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: 'invalid', reason, header };
  }
}

function decodeBody(header: Jt808Header, body: Buffer): Jt808Message {
  // Encrypted bodies (RSA, bit 10) would need the terminal's key exchange (0x0A00); not supported.
  if (header.encryption !== 0) return { kind: 'unknown', header, body };
  switch (header.msgId) {
    case Jt808MsgId.Heartbeat:
      return { kind: 'heartbeat', header };
    case Jt808MsgId.Logout:
      return { kind: 'logout', header };
    case Jt808MsgId.Register:
      return { kind: 'register', header, register: readRegister(body, header.version) };
    case Jt808MsgId.Auth:
      return { kind: 'auth', header, auth: readAuth(body, header.version) };
    case Jt808MsgId.TerminalResponse:
      return { kind: 'terminalResponse', header, response: readTerminalResponse(body) };
    case Jt808MsgId.Location: {
      const position = decodeLocationBody(body, header.terminalId);
      if (typeof position === 'string') {
        // A body too short to be a location report is a bad message, not a bad fix.
        if (body.length < LOCATION_BASE_LENGTH) return { kind: 'invalid', reason: position, header };
        return { kind: 'location', header, positions: [], rejected: [{ index: 0, reason: position }] };
      }
      return { kind: 'location', header, positions: [position], rejected: [] };
    }
    case Jt808MsgId.LocationBatch: {
      const batch = decodeLocationBatchBody(body, header.terminalId);
      if (typeof batch === 'string') return { kind: 'invalid', reason: batch, header };
      return { kind: 'locationBatch', header, ...batch };
    }
    default:
      return { kind: 'unknown', header, body };
  }
}
