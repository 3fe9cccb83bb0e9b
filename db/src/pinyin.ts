import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/**
 * Lowercase toneless pinyin without spaces, and its initials, for search: 人民医院 → renminyiyuan, rmyy (ü
 * written v, as typed on a keyboard). Names without Chinese characters get empty strings (they are searched
 * by the name itself).
 */
export function searchPinyin(name: string): { pinyin: string; initials: string } {
  if (!HAN.test(name)) return { pinyin: '', initials: '' };
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' })
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .filter(Boolean);
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}
