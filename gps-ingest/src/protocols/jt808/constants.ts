/** JT/T 808 message ids, result codes and parameter ids used by this codec. */

export const Jt808MsgId = {
  /** 终端通用应答 terminal general response */
  TerminalResponse: 0x0001,
  /** 终端心跳 */
  Heartbeat: 0x0002,
  /** 终端注销 */
  Logout: 0x0003,
  /** 终端注册 */
  Register: 0x0100,
  /** 终端鉴权 */
  Auth: 0x0102,
  /** 位置信息汇报 */
  Location: 0x0200,
  /** 定位数据批量上传 */
  LocationBatch: 0x0704,
  /** 平台通用应答 */
  PlatformResponse: 0x8001,
  /** 终端注册应答 */
  RegisterResponse: 0x8100,
  /** 设置终端参数 */
  SetParameters: 0x8103,
  /** 文本信息下发 */
  TextMessage: 0x8300,
} as const;

/** Result byte of 0x8001 / 0x0001. */
export const Jt808Result = {
  Ok: 0,
  Fail: 1,
  BadMessage: 2,
  Unsupported: 3,
  /** 报警处理确认 — only in platform responses to a location report carrying an alarm. */
  AlarmAck: 4,
} as const;
export type Jt808ResultCode = (typeof Jt808Result)[keyof typeof Jt808Result];

/** Result byte of 0x8100. */
export const Jt808RegisterResult = {
  Ok: 0,
  VehicleAlreadyRegistered: 1,
  NoSuchVehicle: 2,
  TerminalAlreadyRegistered: 3,
  NoSuchTerminal: 4,
} as const;
export type Jt808RegisterResultCode = (typeof Jt808RegisterResult)[keyof typeof Jt808RegisterResult];

/** Terminal parameter ids (0x8103) that dispatch cares about; all are DWORD unless noted. */
export const Jt808ParamId = {
  /** 终端心跳发送间隔, s */
  HeartbeatInterval: 0x0001,
  /** 位置汇报策略: 0 timed, 1 by distance, 2 both */
  ReportStrategy: 0x0020,
  /** 休眠时汇报时间间隔, s */
  SleepReportInterval: 0x0027,
  /** 紧急报警时汇报时间间隔, s */
  EmergencyReportInterval: 0x0028,
  /** 缺省时间汇报间隔, s */
  DefaultReportInterval: 0x0029,
  /** 缺省距离汇报间隔, m */
  DefaultDistanceInterval: 0x002c,
  /** 拐点补传角度, degrees (< 180) */
  CornerAngle: 0x0030,
} as const;

/** Status DWORD bits used by the decoder. */
export const Jt808Status = {
  Acc: 1 << 0,
  Positioned: 1 << 1,
  South: 1 << 2,
  West: 1 << 3,
} as const;

/** The 10-bit length field caps one packet's body; longer messages must be sent as sub-packages. */
export const MAX_BODY_LENGTH = 1023;
