/** Public API of the device protocol decoders. See README.md in this folder for units and decisions. */
export type { DecodedPosition, ProtocolName, RejectedItem } from '../position.ts';

// OsmAnd / Traccar Client over HTTP
export { decodeOsmAnd } from './osmand/decode.ts';
export type { OsmAndOptions, OsmAndRequest, OsmAndResult, QueryInput } from './osmand/types.ts';

// Our JSON batch format
export { decodeJsonBatch, DEFAULT_MAX_JSON_BATCH } from './json-batch/decode.ts';
export type { JsonBatchOptions, JsonBatchResult } from './json-batch/decode.ts';

// JT/T 808 over TCP
export { FrameSplitter, MAX_ESCAPED_FRAME_LENGTH } from './jt808/splitter.ts';
export type { FrameSplitterOptions } from './jt808/splitter.ts';
export { decodeJt808Message, decodeJt808Body } from './jt808/decode.ts';
export type { Jt808Message, Jt808MessageKind } from './jt808/decode.ts';
export { SubpackageAssembler } from './jt808/subpackage.ts';
export type { SubpackageOptions, SubpackageResult } from './jt808/subpackage.ts';
export { parseJt808Frame, buildJt808Frame } from './jt808/frame.ts';
export type { Jt808DecodeOptions, ParsedFrame } from './jt808/frame.ts';
export type { Jt808Header, Jt808Target, Jt808Version } from './jt808/header.ts';
export type { Jt808Auth, Jt808Register, Jt808TerminalResponse } from './jt808/terminal.ts';
export type { LocationBatch } from './jt808/batch.ts';
export {
  encodeGeneralResponse,
  encodeRegisterResponse,
  encodeSetParameters,
  encodeTextMessage,
} from './jt808/encode.ts';
export type { Jt808Param, TextMessage } from './jt808/encode.ts';
export {
  Jt808MsgId,
  Jt808ParamId,
  Jt808RegisterResult,
  Jt808Result,
  Jt808Status,
  MAX_BODY_LENGTH,
} from './jt808/constants.ts';
export type { Jt808RegisterResultCode, Jt808ResultCode } from './jt808/constants.ts';
export { escapeBytes, unescapeBytes, xorChecksum } from './jt808/escape.ts';
export { canonicalTerminalId, decodeBcdTime, encodeBcdTime } from './jt808/bcd.ts';
export { decodeGbk, encodeGbk } from './jt808/gbk.ts';
