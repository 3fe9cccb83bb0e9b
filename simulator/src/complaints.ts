/**
 * Chief complaints (主诉) as 120 call-takers write them, grouped by the priority they usually get. A call
 * first draws its priority from the mix, then a complaint that fits it; weights are relative within a group.
 * Illustrative, not clinical: the demo needs plausible text, not triage rules.
 */
export interface ComplaintChoice {
  text: string;
  weight: number;
  /** Patients involved: most calls are one; crashes often more. */
  patients?: [number, number];
  /** The patient's usual age band (for the generated note). */
  ages?: [number, number];
}

export const COMPLAINTS_BY_PRIORITY: Record<1 | 2 | 3 | 4, readonly ComplaintChoice[]> = {
  1: [
    { text: '心跳呼吸骤停', weight: 2, ages: [45, 90] },
    { text: '意识不清', weight: 4, ages: [40, 92] },
    { text: '呼吸困难，口唇发紫', weight: 3, ages: [50, 92] },
    { text: '胸痛伴大汗', weight: 3, ages: [40, 85] },
    { text: '大量呕血', weight: 1, ages: [35, 85] },
    { text: '车祸外伤，昏迷', weight: 2, patients: [1, 3], ages: [18, 75] },
    { text: '溺水', weight: 1, ages: [5, 70] },
    { text: '高处坠落', weight: 1, ages: [20, 65] },
  ],
  2: [
    { text: '胸痛', weight: 5, ages: [40, 88] },
    { text: '呼吸困难', weight: 4, ages: [45, 92] },
    { text: '口角歪斜，一侧肢体无力', weight: 4, ages: [50, 90] },
    { text: '车祸外伤', weight: 4, patients: [1, 3], ages: [16, 80] },
    { text: '抽搐', weight: 3, ages: [1, 80] },
    { text: '孕妇腹痛', weight: 2, ages: [20, 40] },
    { text: '农药中毒', weight: 1, ages: [30, 85] },
    { text: '过敏，全身皮疹伴胸闷', weight: 1, ages: [10, 70] },
    { text: '外伤大出血', weight: 1, ages: [18, 70] },
  ],
  3: [
    { text: '腹痛', weight: 5, ages: [10, 85] },
    { text: '跌倒', weight: 5, ages: [60, 95] },
    { text: '发热', weight: 3, ages: [1, 90] },
    { text: '头晕', weight: 4, ages: [40, 90] },
    { text: '头痛', weight: 2, ages: [25, 80] },
    { text: '呕吐腹泻', weight: 2, ages: [3, 85] },
    { text: '外伤出血', weight: 3, ages: [10, 80] },
    { text: '醉酒', weight: 2, ages: [20, 65] },
    { text: '血糖低，出冷汗', weight: 1, ages: [50, 90] },
    { text: '烫伤', weight: 1, ages: [1, 80] },
    { text: '犬咬伤', weight: 1, ages: [5, 80] },
  ],
  4: [
    { text: '发热', weight: 3, ages: [1, 90] },
    { text: '行动不便，需送医', weight: 4, ages: [65, 98] },
    { text: '慢性病复诊转运', weight: 2, ages: [55, 95] },
    { text: '轻微外伤', weight: 3, ages: [10, 80] },
    { text: '咳嗽', weight: 2, ages: [1, 90] },
    { text: '腰腿痛', weight: 2, ages: [45, 90] },
  ],
};

/** Calls flagged infectious get one of these instead (and need a negative-pressure ambulance). */
export const INFECTIOUS_COMPLAINTS: readonly ComplaintChoice[] = [
  { text: '发热伴咳嗽', weight: 5, ages: [1, 90] },
  { text: '发热伴皮疹', weight: 1, ages: [1, 40] },
  { text: '腹泻伴发热', weight: 2, ages: [1, 90] },
  { text: '咳嗽咳痰伴发热，有接触史', weight: 2, ages: [20, 90] },
];

/** Share of calls per priority (1 = life-threatening … 4 = non-urgent). */
export const PRIORITY_MIX: Record<1 | 2 | 3 | 4, number> = { 1: 0.1, 2: 0.3, 3: 0.4, 4: 0.2 };

export const INFECTIOUS_SHARE = 0.05;

/** Common surnames in southern Jiangsu (眭, 贺, 束 are typical of Danyang). */
export const SURNAMES: readonly string[] = [...'王张李陈刘杨黄吴周徐孙朱马胡蒋汤眭贺束姜'];

/** China Mobile / Unicom / Telecom mobile prefixes. */
export const MOBILE_PREFIXES: readonly string[] = (
  '134 135 136 137 138 139 150 151 152 157 158 159 182 183 187 188 ' +
  '130 131 132 155 156 185 186 133 153 180 181 189 177 199'
).split(' ');
