import { describe, expect, it } from 'vitest';
import {
  HOSPITAL_CAPABILITIES,
  INCIDENT_STATUSES,
  RUN_OUTCOMES,
  STATUS_SOURCES,
  UNIT_CAPABILITIES,
  UNIT_KINDS,
  UNIT_STATUSES,
} from '@c120/shared/vocabulary';
import { en } from './en.ts';
import { placeholders, translate } from './translate.ts';
import { zh } from './zh.ts';

describe('dictionaries', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('use the same placeholders for every key', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('have no empty message', () => {
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('name every vocabulary value', () => {
    const keys = new Set(Object.keys(zh));
    const expected = [
      ...UNIT_STATUSES.map((s) => `unitStatus.${s}`),
      ...UNIT_KINDS.map((k) => `unitKind.${k}`),
      ...RUN_OUTCOMES.map((o) => `outcome.${o}`),
      ...INCIDENT_STATUSES.map((s) => `incidentStatus.${s}`),
      ...STATUS_SOURCES.map((s) => `source.${s}`),
      ...UNIT_CAPABILITIES.map((c) => `cap.${c}`),
      ...HOSPITAL_CAPABILITIES.map((c) => `hcap.${c}`),
    ];
    expect(expected.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('use the status names of Chinese 120 centres', () => {
    expect(UNIT_STATUSES.map((s) => zh[`unitStatus.${s}`])).toEqual([
      '待命',
      '已派车',
      '出车',
      '到达现场',
      '病人上车',
      '送达医院',
      '返回',
      '未值班',
      '维修',
      '暂停调用',
    ]);
    expect(zh['outcome.declined']).toBe('病人不去');
    expect(zh['outcome.gone_on_arrival']).toBe('车到人走');
    expect(zh['outcome.deceased']).toBe('死亡不送');
    expect(zh['unitKind.basic_ambulance']).toBe('普通转运救护车');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh', 'form.created', { id: 12 })).toBe('事件 #12 已创建');
    expect(translate('en', 'form.created', { id: 12 })).toBe('Incident #12 created');
    expect(translate('en', 'form.created')).toBe('Incident #{id} created');
  });
});
