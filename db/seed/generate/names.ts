import { pinyin } from 'pinyin-pro';
import { pick, type Rand } from './prng.ts';

/** Lowercase pinyin without tones or spaces, and its initials: 吕城镇 → lvchengzhen, lcz. */
export function toPinyin(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

// Common morphemes of village names in southern Jiangsu (surname + 家/庄/巷, water words, directions…).
const SURNAMES = [
  '王',
  '张',
  '陈',
  '李',
  '徐',
  '吴',
  '蒋',
  '孙',
  '朱',
  '贺',
  '眭',
  '束',
  '汤',
  '丁',
  '殷',
  '谢',
  '薛',
  '姜',
  '荆',
  '史',
];
const SURNAME_SUFFIX = ['家村', '庄村', '巷村', '家桥村', '家塘村', '甲村'];
const PREFIX = ['新', '东', '西', '南', '北', '前', '后', '大', '小', '上', '下', '中'];
const WATER = ['河', '塘', '桥', '港', '浜', '湖', '溪', '圩', '荡', '墩'];
const PLACE = ['口', '头', '湾', '岗', '里', '庄', '村'];
const URBAN = [
  '花园',
  '新村',
  '人民',
  '丹凤',
  '迎春',
  '锦湖',
  '凤凰',
  '中山',
  '南门',
  '北门',
  '东门',
  '西门',
  '金陵',
  '香草河',
  '开发区',
  '滨河',
  '大运河',
  '华南',
  '东方',
  '新民',
];

/** A plausible, unique (within `taken`) village or urban-community name. */
export function villageName(rand: Rand, urban: boolean, taken: Set<string>): string {
  for (let i = 0; i < 200; i++) {
    let name: string;
    if (urban) {
      name = `${pick(rand, URBAN)}社区`;
    } else {
      const form = rand();
      if (form < 0.45) name = `${pick(rand, SURNAMES)}${pick(rand, SURNAME_SUFFIX)}`;
      else if (form < 0.75) name = `${pick(rand, PREFIX)}${pick(rand, WATER)}村`;
      else name = `${pick(rand, WATER)}${pick(rand, PLACE)}村`.replace('村村', '村');
    }
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  throw new Error('ran out of village names');
}
