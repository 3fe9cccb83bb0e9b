/**
 * The domain vocabularies, declared once. The database enforces the same lists with CHECK constraints
 * (migrations/0002_core_schema.sql); `vocabulary.test.ts` fails if the two drift apart.
 */

export const UNIT_KINDS = [
  'monitoring_ambulance', // 监护型救护车
  'negative_pressure_ambulance', // 负压救护车
  'basic_ambulance', // 普通转运型救护车
  'mobile_hospital', // 流动医院
  'patrol_clinic', // 云巡诊车
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Unit status lifecycle, following the status set Chinese 120 centres use (see DESIGN.md). */
export const UNIT_STATUSES = [
  'available', // 待命
  'dispatched', // 已派车
  'en_route', // 出车
  'on_scene', // 到达现场
  'transporting', // 病人上车
  'at_hospital', // 送达医院
  'returning', // 任务完成 / 回站
  'off_duty', // 未值班
  'maintenance', // 维修
  'paused', // 暂停调用
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_CAPABILITIES = [
  'als', // advanced life support (monitoring)
  'bls',
  'negative_pressure',
  'ecg_12lead',
  'ventilator',
  'defibrillator',
  'neonatal_incubator',
  'telemedicine',
  'outpatient_clinic',
] as const;
export type UnitCapability = (typeof UNIT_CAPABILITIES)[number];

export const HOSPITAL_CAPABILITIES = [
  'chest_pain', // 胸痛中心
  'stroke', // 卒中中心
  'trauma', // 创伤中心
  'maternal', // 危重孕产妇救治中心
  'neonatal', // 危重新生儿救治中心
  'negative_pressure', // 负压隔离 / 发热门诊
  'pediatric',
  'burns',
  'poisoning',
] as const;
export type HospitalCapability = (typeof HOSPITAL_CAPABILITIES)[number];

export const HOSPITAL_LEVELS = ['三级', '二级', '一级'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

export const INCIDENT_STATUSES = [
  'pending', // 待派
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'closed',
  'cancelled',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ASSIGNMENT_STATUSES = ['active', 'completed', 'cancelled', 'reassigned'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** How a run ended: transported, or one of the empty-run outcomes 病人不去 / 车到人走 / 死亡不送. */
export const RUN_OUTCOMES = [
  'transported',
  'declined', // 病人不去
  'gone_on_arrival', // 车到人走
  'deceased', // 死亡不送
  'cancelled',
  'reassigned',
] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

/** Where a status transition came from. */
export const STATUS_SOURCES = ['console', 'crew', 'terminal', 'geofence', 'system'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

/** `health_centre`: a township health centre (卫生院), scoped to its township (users.township_code). */
export const USER_ROLES = ['admin', 'dispatcher', 'crew', 'official', 'health_centre'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const DEVICE_PROTOCOLS = ['jt808', 'osmand', 'json'] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

export const COORD_SYSTEMS = ['wgs84', 'gcj02'] as const;
export type CoordSystem = (typeof COORD_SYSTEMS)[number];

export const PLACE_KINDS = ['village', 'community', 'landmark'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Why an incident no run ever reached was closed (migration 0011); `other` needs a text. */
export const CLOSE_REASONS = [
  'false_alarm', // 误报
  'phone_advice', // 电话指导
  'duplicate', // 重复呼救
  'patient_refused', // 患者拒绝
  'other', // 其他 (+ text)
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** Village rounds (巡诊): a vehicle's planned day of stops. */
export const ROUND_STATUSES = ['planned', 'in_progress', 'paused', 'completed', 'cancelled'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** What a round stop is for; also the service types people served are counted by. */
export const ROUND_PURPOSES = [
  'health_check', // 健康体检
  'chronic_followup', // 慢病随访
  'vaccination', // 疫苗接种
  'sampling', // 采样
  'screening', // 筛查
  'remote_consultation', // 远程会诊
] as const;
export type RoundPurpose = (typeof ROUND_PURPOSES)[number];

export const ROUND_ARRIVAL_SOURCES = ['geofence', 'crew', 'console'] as const;
export type RoundArrivalSource = (typeof ROUND_ARRIVAL_SOURCES)[number];

/** Booked transfers (预约转运 / 双向转诊). */
export const TRANSFER_STATUSES = ['booked', 'scheduled', 'dispatched', 'completed', 'cancelled'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** What the patient needs on a booked transfer: 负压, 监护, 担架, 陪护. */
export const TRANSFER_NEEDS = ['negative_pressure', 'monitoring', 'stretcher', 'escort'] as const;
export type TransferNeed = (typeof TRANSFER_NEEDS)[number];

/** A call as the PBX reports it (migration 0016): ringing → answered → ended, or ringing → abandoned. */
export const CALL_STATUSES = ['ringing', 'answered', 'ended', 'abandoned'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** The events a PBX/CTI gateway posts (`abandoned` = ended before anyone answered). */
export const CALL_EVENTS = ['ringing', 'answered', 'ended', 'abandoned'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];
/** How a call joined an incident: the incident was created from it, or it was attached as a repeat call. */
export const CALL_LINK_KINDS = ['created', 'attached'] as const;
export type CallLinkKind = (typeof CALL_LINK_KINDS)[number];
/**
 * Where a caller's position came from (migration 0017): the carrier's base-station positioning, AML (the
 * handset's Advanced Mobile Location SMS), the handset via the PBX/CTI, or the caller's browser via the link.
 */
export const CALL_LOCATION_SOURCES = ['carrier', 'aml', 'handset', 'link'] as const;
export type CallLocationSource = (typeof CALL_LOCATION_SOURCES)[number];
/** What became of a location link's SMS: not sent (read out/copied), sent by the gateway, only logged (dev), failed. */
export const LOCATION_LINK_SMS_STATUSES = ['not_sent', 'sent', 'logged', 'failed'] as const;
export type LocationLinkSmsStatus = (typeof LOCATION_LINK_SMS_STATUSES)[number];
