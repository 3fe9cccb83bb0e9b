/** 0x0200 location report body (位置信息汇报), also the item format of 0x0704. */
import type { DecodedPosition } from '../../position.ts';
import { roundTo } from '../common/numbers.ts';
import { decodeBcdTime } from './bcd.ts';
import { Jt808Status } from './constants.ts';

/** alarm(4) status(4) lat(4) lon(4) altitude(2) speed(2) direction(2) time(6) */
export const LOCATION_BASE_LENGTH = 28;

/**
 * Decodes one location body into a position for `deviceId`, or returns why it cannot. The fix is kept even when
 * the status says "not positioned" (`valid: false`); the pipeline decides what to do with it.
 */
export function decodeLocationBody(body: Buffer, deviceId: string): DecodedPosition | string {
  if (body.length < LOCATION_BASE_LENGTH) return `location body is ${body.length} bytes, needs ${LOCATION_BASE_LENGTH}`;
  const alarm = body.readUInt32BE(0);
  const status = body.readUInt32BE(4);
  const latRaw = body.readUInt32BE(8);
  const lonRaw = body.readUInt32BE(12);
  // WORD in the standard, but terminals below sea level write two's complement; 32 km up is not a vehicle.
  const altitude = body.readInt16BE(16);
  const speedTenths = body.readUInt16BE(18);
  const direction = body.readUInt16BE(20);
  const timeBytes = body.subarray(22, 28);
  const fixTime = decodeBcdTime(timeBytes);
  if (!fixTime) return `unreadable fix time ${timeBytes.toString('hex')}`;

  // Unsigned millionths of a degree; the hemisphere is in the status bits.
  const lat = (status & Jt808Status.South ? -latRaw : latRaw) / 1e6;
  const lon = (status & Jt808Status.West ? -lonRaw : lonRaw) / 1e6;
  if (latRaw > 90_000_000 || lonRaw > 180_000_000) return `coordinates out of range (${lat}, ${lon})`;

  const position: DecodedPosition = {
    protocol: 'jt808',
    deviceId,
    fixTime,
    lat,
    lon,
    valid: (status & Jt808Status.Positioned) !== 0,
    speedKmh: speedTenths / 10,
    altitudeM: altitude,
    alarmFlags: alarm,
    statusFlags: status,
  };
  // 0–359 by the standard; some terminals send 360 for north.
  if (direction <= 360) position.headingDeg = direction % 360;

  const extras = new Map<string, number | string | boolean>();
  extras.set('acc', (status & Jt808Status.Acc) !== 0);
  readAdditionalInfo(body.subarray(LOCATION_BASE_LENGTH), extras);
  position.extras = Object.fromEntries(extras);
  return position;
}

/**
 * Additional information items (附加信息): id BYTE, length BYTE, value. The ones below are decoded when their
 * length is the standard one; everything else (vendor items 0xE0–0xFF, video alarms, …) is skipped by its
 * length. An item running past the end stops the walk (`tlvTruncated`) but keeps what was read.
 */
function readAdditionalInfo(tlv: Buffer, extras: Map<string, number | string | boolean>): void {
  let o = 0;
  while (o < tlv.length) {
    if (o + 2 > tlv.length) {
      extras.set('tlvTruncated', true);
      return;
    }
    const id = tlv[o] ?? 0;
    const len = tlv[o + 1] ?? 0;
    const start = o + 2;
    if (start + len > tlv.length) {
      extras.set('tlvTruncated', true);
      return;
    }
    const v = tlv.subarray(start, start + len);
    o = start + len;
    switch (id) {
      case 0x01: // 里程 DWORD, 1/10 km
        if (len === 4) extras.set('mileageKm', roundTo(v.readUInt32BE(0) / 10, 1));
        break;
      case 0x02: // 油量 WORD, 1/10 L
        if (len === 2) extras.set('fuelL', roundTo(v.readUInt16BE(0) / 10, 1));
        break;
      case 0x03: // 行驶记录功能获取的速度 WORD, 1/10 km/h
        if (len === 2) extras.set('recorderSpeedKmh', roundTo(v.readUInt16BE(0) / 10, 1));
        break;
      case 0x04: // 需要人工确认报警事件的 ID WORD
        if (len === 2) extras.set('alarmEventId', v.readUInt16BE(0));
        break;
      case 0x25: // 扩展车辆信号状态位 DWORD
        if (len === 4) extras.set('vehicleSignal', v.readUInt32BE(0));
        break;
      case 0x2a: // IO 状态位 WORD
        if (len === 2) extras.set('ioStatus', v.readUInt16BE(0));
        break;
      case 0x2b: // 模拟量 DWORD: bits 0–15 AD0, bits 16–31 AD1
        if (len === 4) {
          extras.set('analog0', v.readUInt16BE(2));
          extras.set('analog1', v.readUInt16BE(0));
        }
        break;
      case 0x30: // 无线通信网络信号强度 BYTE
        if (len === 1) extras.set('signal', v.readUInt8(0));
        break;
      case 0x31: // GNSS 定位卫星数 BYTE
        if (len === 1) extras.set('satellites', v.readUInt8(0));
        break;
      default:
        break;
    }
  }
}
