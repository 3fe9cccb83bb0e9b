import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPECIALTY_RULES,
  neededSpecialties,
  parseSpecialtyRules,
  SpecialtyRuleError,
  specialtiesForComplaint,
} from './specialty-rules.ts';

describe('complaint → needed specialty', () => {
  it.each([
    ['胸痛2小时', ['chest_pain']],
    ['突发胸闷、大汗', ['chest_pain']],
    ['口角歪斜，左侧肢体无力', ['stroke']],
    ['说话不清半小时', ['stroke']],
    ['车祸，头部出血', ['trauma']],
    ['从三楼坠落', ['trauma']],
    ['孕32周，腹痛', ['maternal']],
    ['临产，羊水破了', ['maternal']],
    ['新生儿呼吸困难', ['neonatal']],
    ['Chest pain, sweating', ['chest_pain']],
    ['发热咳嗽', []],
  ])('%s → %j', (complaint, expected) => {
    expect(specialtiesForComplaint(complaint, DEFAULT_SPECIALTY_RULES)).toEqual(expected);
  });

  it('adds hospital capabilities among the required ones and negative pressure for an infectious patient', () => {
    expect(
      neededSpecialties(
        { complaint: '胸痛', requiredCapabilities: ['burns', 'als'], infectious: true },
        DEFAULT_SPECIALTY_RULES,
      ),
    ).toEqual(['burns', 'chest_pain', 'negative_pressure']);
  });

  it('lets a centre replace or switch off a specialty in its rules file', () => {
    const rules = parseSpecialtyRules('# our words\nchest_pain=心口痛，胸口疼\nstroke=\n');
    expect(specialtiesForComplaint('心口痛', rules)).toEqual(['chest_pain']);
    expect(specialtiesForComplaint('胸痛', rules)).toEqual([]);
    expect(specialtiesForComplaint('口角歪斜', rules)).toEqual([]);
    expect(specialtiesForComplaint('车祸', rules)).toEqual(['trauma']);
  });

  it('refuses an unknown specialty or a line without "=", naming the line', () => {
    expect(() => parseSpecialtyRules('chest_pain=胸痛\ncardiac=心')).toThrow(SpecialtyRuleError);
    expect(() => parseSpecialtyRules('chest_pain=胸痛\ncardiac=心')).toThrow(/line 2: unknown specialty "cardiac"/);
    expect(() => parseSpecialtyRules('胸痛')).toThrow(/line 1/);
  });
});
