import { HOSPITAL_CAPABILITIES, type HospitalCapability } from '@c120/shared/vocabulary';

/**
 * Complaint → needed hospital specialty (胸痛中心, 卒中中心, 创伤中心, 孕产妇救治中心, 新生儿救治中心). A rule is a
 * specialty and the words of a complaint that call for it; a complaint containing any of the words needs it.
 * Matching is by substring (Chinese has no word breaks) and case-insensitive for Latin words. It is deliberately
 * over-inclusive: a needed specialty only ranks hospitals and asks a reason for another choice; it never hides one.
 *
 * A centre edits the rules in a file (`SPECIALTY_RULES_FILE`, one `specialty=word,word,…` per line; see
 * `parseSpecialtyRules`): a line replaces the words of that specialty, an empty list switches it off.
 */
export type SpecialtyRules = ReadonlyMap<HospitalCapability, readonly string[]>;

export const DEFAULT_SPECIALTY_RULES: SpecialtyRules = new Map<HospitalCapability, readonly string[]>([
  ['chest_pain', ['胸痛', '胸闷', '心前区', '心绞痛', '心梗', '心肌梗', '压榨', 'chest pain']],
  [
    'stroke',
    [
      '卒中',
      '中风',
      '偏瘫',
      '口角歪',
      '口眼歪',
      '嘴歪',
      '言语不清',
      '说话不清',
      '口齿不清',
      '一侧无力',
      '肢体无力',
      '半身不遂',
      '脑梗',
      '脑出血',
      'stroke',
    ],
  ],
  [
    'trauma',
    [
      '车祸',
      '交通事故',
      '外伤',
      '创伤',
      '坠落',
      '坠楼',
      '高处摔',
      '骨折',
      '刀伤',
      '砍伤',
      '刺伤',
      '枪伤',
      '多发伤',
      '挤压',
      '碾压',
      'trauma',
    ],
  ],
  ['maternal', ['孕', '妊娠', '临产', '分娩', '待产', '羊水', '产后出血', '产妇', 'pregnan']],
  ['neonatal', ['新生儿', '早产儿', '刚出生', '出生后', '婴儿窒息', 'newborn', 'neonat']],
]);

export class SpecialtyRuleError extends Error {
  override name = 'SpecialtyRuleError';
}

const KNOWN = new Set<string>(HOSPITAL_CAPABILITIES);

/**
 * Parses rule lines over `base`: `chest_pain=胸痛,胸闷` (also `、` or `，` between words); blank lines and `#`
 * comments are skipped; `burns=` switches a specialty off. An unknown specialty or a line without `=` is an
 * error naming the line.
 */
export function parseSpecialtyRules(text: string, base: SpecialtyRules = DEFAULT_SPECIALTY_RULES): SpecialtyRules {
  const rules = new Map(base);
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const eq = line.indexOf('=');
    if (eq < 0) throw new SpecialtyRuleError(`line ${i + 1}: expected specialty=word,word, got "${raw.trim()}"`);
    const specialty = line.slice(0, eq).trim();
    if (!KNOWN.has(specialty)) {
      throw new SpecialtyRuleError(
        `line ${i + 1}: unknown specialty "${specialty}" (known: ${HOSPITAL_CAPABILITIES.join(', ')})`,
      );
    }
    const words = line
      .slice(eq + 1)
      .split(/[,，、]/)
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean);
    rules.set(specialty as HospitalCapability, words);
  });
  return rules;
}

/** The specialties a complaint calls for, sorted. */
export function specialtiesForComplaint(complaint: string, rules: SpecialtyRules): HospitalCapability[] {
  const text = complaint.toLowerCase();
  const found: HospitalCapability[] = [];
  for (const [specialty, words] of rules) {
    if (words.some((w) => w && text.includes(w.toLowerCase()))) found.push(specialty);
  }
  return found.sort();
}

/**
 * Everything an incident needs from a hospital: the complaint's specialties, hospital capabilities among its
 * required capabilities, and negative-pressure isolation when it is infectious.
 */
export function neededSpecialties(
  incident: { complaint: string; requiredCapabilities: readonly string[]; infectious: boolean },
  rules: SpecialtyRules,
): string[] {
  const needed = new Set<string>(specialtiesForComplaint(incident.complaint, rules));
  for (const c of incident.requiredCapabilities) if (KNOWN.has(c)) needed.add(c);
  if (incident.infectious) needed.add('negative_pressure');
  return [...needed].sort();
}
