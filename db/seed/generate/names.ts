import { pinyin } from 'pinyin-pro';
import { pick, type Rand } from './prng.ts';

/**
 * Lowercase toneless pinyin without spaces, and its initials, for gazetteer search: 吕城镇 → lvchengzhen, lcz
 * (ü written v, as typed on a keyboard).
 */
export function toPinyin(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

// Morphemes of village names common in southern Jiangsu. Characters whose reading in a place name differs from
// the one pinyin-pro would give out of context (圩 wéi, 单 shàn, 查 zhā, 解 xiè, 曾 zēng, 都 dū …) are left out,
// so the generated pinyin is right.
// prettier-ignore
const SURNAMES = [
  '王', '张', '陈', '李', '徐', '吴', '蒋', '孙', '朱', '贺', '眭', '束', '汤', '丁', '殷', '谢', '薛', '姜',
  '荆', '史', '周', '刘', '杨', '黄', '赵', '钱', '沈', '许', '严', '邵', '袁', '马', '戴', '潘', '葛', '杭',
] as const;
const SURNAME_SUFFIX = ['家村', '庄村', '巷村', '家桥村', '家塘村', '家边村', '家湾村', '墅村'] as const;
// prettier-ignore
const PREFIX = [
  '新', '东', '西', '南', '北', '前', '后', '大', '小', '上', '下', '中', '高', '石', '黄', '白', '青', '双',
  '三', '五', '七', '九', '桃', '杏', '柳', '荷', '马', '龙', '凤', '金',
] as const;
// prettier-ignore
const FEATURE = [
  '河', '塘', '桥', '港', '浜', '湖', '溪', '荡', '墩', '埠', '泾', '庄', '巷', '山', '岗', '林', '园', '湾', '坝',
] as const;
/** Names given to villages after the 1950s: 联合村, 红星村 … */
// prettier-ignore
const MODERN = [
  '联合', '红星', '胜利', '建新', '永丰', '丰收', '合心', '和平', '光明', '共同', '东风', '前进', '富民', '同心',
  '兴隆', '太平', '永安', '新华', '友谊', '民主', '团结', '幸福', '先锋', '向阳', '红旗', '群益', '立新',
] as const;
/** Urban-community names (unique across the county): neighbourhoods, old gates, rivers, estates. */
// prettier-ignore
const URBAN = [
  '人民', '丹凤', '迎春', '锦湖', '凤凰', '中山', '南门', '北门', '东门', '西门', '金陵', '香草河', '滨河', '运河',
  '华南', '东方', '新民', '荆城', '练湖', '齐梁', '文昌', '万善', '白云', '丹桂', '虹桥', '北环', '南环', '开元',
  '新城', '云阳', '曲阿', '新桥', '太阳城', '丽园', '玉泉', '孔庄', '凤栖', '阳光', '康平', '长春', '育才', '锦绣',
  '银杏', '紫荆', '梅园', '兰亭',
] as const;
/** Names of a town's own seat communities (镇区社区), besides the one named after the town. */
// prettier-ignore
const TOWN_SEAT = ['新街', '老街', '镇南', '镇北', '镇东', '运河', '振兴', '繁荣', '集镇'] as const;

/** Names taken so far, per scope: a township's villages, or the whole county's urban communities. */
export class NameBook {
  private readonly taken = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }
  /** Draws names from `make` until an untaken one comes up. */
  draw(make: () => string): string {
    for (let i = 0; i < 500; i++) {
      const name = make();
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
    throw new Error('ran out of names');
  }
  take(name: string): string {
    if (this.taken.has(name)) throw new Error(`name ${name} already taken`);
    this.taken.add(name);
    return name;
  }
}

/** A rural village name: 王家村, 东河村, 联合村 … */
export function villageName(rand: Rand): string {
  const form = rand();
  if (form < 0.45) return `${pick(rand, SURNAMES)}${pick(rand, SURNAME_SUFFIX)}`;
  if (form < 0.85) return `${pick(rand, PREFIX)}${pick(rand, FEATURE)}村`;
  return `${pick(rand, MODERN)}村`;
}

/** An urban community name: 丹凤社区 … */
export function urbanCommunityName(rand: Rand): string {
  return `${pick(rand, URBAN)}社区`;
}

/** A town-seat community name: 新街社区 … */
export function townSeatCommunityName(rand: Rand): string {
  return `${pick(rand, TOWN_SEAT)}社区`;
}
