/**
 * The hand-written part of the generated demo county: where township seats, stations, hospitals and landmarks go,
 * and what the fleet is. Positions are approximate (WGS-84), from general knowledge of Danyang's layout: they are
 * GENERATED, not surveyed, and the generator scatters facilities around them with its seeded PRNG.
 */
import type { HospitalCapability, HospitalLevel, UnitCapability, UnitKind } from '@c120/shared/vocabulary';
import type { LonLat } from './geo.ts';

/**
 * Township seats. The two 街道 form the city (the county seat) in the middle; 丹北 lies north and 界牌 north-east
 * towards the Yangtze, 访仙 north-east, 陵口 and 吕城 east along the Grand Canal, 皇塘 south-east, 导墅, 延陵 and
 * 珥陵 south, 司徒 south-west (bordering 句容).
 */
export const SEATS: Record<string, LonLat> = {
  云阳街道: [119.566, 32.002],
  曲阿街道: [119.606, 31.981],
  丹北镇: [119.645, 32.066],
  界牌镇: [119.805, 32.068],
  访仙镇: [119.725, 32.035],
  陵口镇: [119.685, 31.958],
  吕城镇: [119.752, 31.926],
  皇塘镇: [119.735, 31.835],
  导墅镇: [119.652, 31.88],
  延陵镇: [119.655, 31.8],
  珥陵镇: [119.56, 31.885],
  司徒镇: [119.462, 31.93],
};

export const COUNTY_POPULATION = 980_000;

/** The urban core's residents; the rest of the county's population is split among the towns by area. */
export const URBAN_POPULATION: Record<string, number> = { 云阳街道: 262_000, 曲阿街道: 148_000 };

/** A facility placed at random within `radiusM` of a point: the township seat, or the seat moved by `offsetM`. */
export interface Placement {
  township: string;
  /** East and north offset from the seat, in metres. */
  offsetM?: [number, number];
  radiusM: number;
}

export interface LandmarkPlan extends Placement {
  code: string;
  name: string;
}

/** Real place names at generated positions. */
export const LANDMARKS: LandmarkPlan[] = [
  { code: 'LM01', name: '丹阳站', township: '云阳街道', offsetM: [1200, 600], radiusM: 500 },
  { code: 'LM02', name: '丹阳北站', township: '云阳街道', offsetM: [-1500, 4500], radiusM: 800 },
  { code: 'LM03', name: '丹阳汽车客运站', township: '曲阿街道', offsetM: [-800, 600], radiusM: 500 },
  { code: 'LM04', name: '中国丹阳眼镜城', township: '云阳街道', offsetM: [900, -900], radiusM: 500 },
  { code: 'LM05', name: '丹阳市人民政府', township: '曲阿街道', offsetM: [500, -300], radiusM: 500 },
  { code: 'LM06', name: '丹阳经济开发区', township: '曲阿街道', offsetM: [2500, -1500], radiusM: 800 },
  { code: 'LM07', name: '万善塔', township: '云阳街道', offsetM: [-300, 200], radiusM: 300 },
  { code: 'LM08', name: '季子庙', township: '延陵镇', offsetM: [-2000, 1500], radiusM: 1500 },
  { code: 'LM09', name: '沪宁高速丹阳收费站', township: '云阳街道', offsetM: [-2500, 3000], radiusM: 800 },
];

/** Township health centres (卫生院): hospitals of level 一级, and where town ambulance stations are. */
export const HEALTH_CENTRE_TOWNS = ['丹北镇', '司徒镇', '界牌镇', '导墅镇', '珥陵镇', '吕城镇', '延陵镇', '皇塘镇'];

export interface StationPlan {
  code: string;
  name: string;
  township: string;
  /** At the town's health centre (same position as the 卫生院) rather than placed on its own. */
  healthCentre?: boolean;
  placement?: Placement;
}

export const STATIONS: StationPlan[] = [
  {
    code: 'ST01',
    name: '丹阳市急救中心（120指挥中心）',
    township: '云阳街道',
    placement: { township: '云阳街道', offsetM: [600, -400], radiusM: 400 },
  },
  {
    code: 'ST02',
    name: '城东急救站',
    township: '曲阿街道',
    placement: { township: '曲阿街道', offsetM: [1500, 300], radiusM: 500 },
  },
  {
    code: 'ST03',
    name: '城北急救站',
    township: '云阳街道',
    placement: { township: '云阳街道', offsetM: [300, 3500], radiusM: 600 },
  },
  ...HEALTH_CENTRE_TOWNS.map((town, i) => ({
    code: `ST${String(i + 4).padStart(2, '0')}`,
    name: `${town}卫生院急救站`,
    township: town,
    healthCentre: true,
  })),
];

export interface HospitalPlan {
  code: string;
  name: string;
  level: HospitalLevel;
  capabilities: HospitalCapability[];
  township: string;
  healthCentre?: boolean;
  placement?: Placement;
}

export const HOSPITALS: HospitalPlan[] = [
  {
    code: 'H01',
    name: '丹阳市人民医院',
    level: '三级',
    capabilities: [
      'chest_pain',
      'stroke',
      'trauma',
      'maternal',
      'negative_pressure',
      'pediatric',
      'burns',
      'poisoning',
    ],
    township: '云阳街道',
    placement: { township: '云阳街道', offsetM: [-600, -700], radiusM: 400 },
  },
  {
    code: 'H02',
    name: '丹阳市中医院',
    level: '三级',
    capabilities: ['chest_pain', 'stroke', 'poisoning'],
    township: '曲阿街道',
    placement: { township: '曲阿街道', offsetM: [-300, 900], radiusM: 400 },
  },
  {
    code: 'H03',
    name: '丹阳市妇幼保健院',
    level: '二级',
    capabilities: ['maternal', 'neonatal', 'pediatric'],
    township: '云阳街道',
    placement: { township: '云阳街道', offsetM: [200, 1300], radiusM: 400 },
  },
  {
    code: 'H04',
    name: '丹阳市第二人民医院',
    level: '二级',
    capabilities: ['chest_pain', 'trauma', 'negative_pressure'],
    township: '丹北镇',
    placement: { township: '丹北镇', offsetM: [700, -500], radiusM: 400 },
  },
  { code: 'H05', name: '司徒镇卫生院', level: '一级', capabilities: [], township: '司徒镇', healthCentre: true },
  { code: 'H06', name: '界牌镇卫生院', level: '一级', capabilities: [], township: '界牌镇', healthCentre: true },
];

/** Equipment by vehicle kind. */
export const KIND_CAPABILITIES: Record<UnitKind, UnitCapability[]> = {
  monitoring_ambulance: ['als', 'bls', 'defibrillator', 'ecg_12lead', 'ventilator'], // 监护型
  negative_pressure_ambulance: ['bls', 'defibrillator', 'negative_pressure'], // 负压
  basic_ambulance: ['bls'], // 普通转运型
  mobile_hospital: ['bls', 'defibrillator', 'ecg_12lead', 'outpatient_clinic', 'telemedicine'], // 流动医院
  patrol_clinic: ['ecg_12lead', 'outpatient_clinic', 'telemedicine'], // 云巡诊车
};

export interface UnitPlan {
  kind: UnitKind;
  station: string;
  /** Equipment beyond the kind's. */
  extra?: UnitCapability[];
}

/**
 * The fleet: 25 ambulances (6 monitoring, 11 negative-pressure = 44 % of ambulances, above the national 40 %
 * target, 8 basic), 2 mobile hospitals and 3 patrol clinic vans at the health centres that do home visits.
 */
export const FLEET: UnitPlan[] = [
  { kind: 'monitoring_ambulance', station: 'ST01', extra: ['neonatal_incubator'] },
  { kind: 'monitoring_ambulance', station: 'ST01' },
  { kind: 'monitoring_ambulance', station: 'ST02' },
  { kind: 'monitoring_ambulance', station: 'ST03' },
  { kind: 'monitoring_ambulance', station: 'ST04' },
  { kind: 'monitoring_ambulance', station: 'ST09' },
  // 监护型负压: negative-pressure ambulances that also carry advanced life support.
  { kind: 'negative_pressure_ambulance', station: 'ST01', extra: ['als', 'ecg_12lead', 'ventilator'] },
  { kind: 'negative_pressure_ambulance', station: 'ST01' },
  { kind: 'negative_pressure_ambulance', station: 'ST02', extra: ['als', 'ecg_12lead', 'ventilator'] },
  { kind: 'negative_pressure_ambulance', station: 'ST03' },
  { kind: 'negative_pressure_ambulance', station: 'ST04' },
  { kind: 'negative_pressure_ambulance', station: 'ST05' },
  { kind: 'negative_pressure_ambulance', station: 'ST06' },
  { kind: 'negative_pressure_ambulance', station: 'ST07' },
  { kind: 'negative_pressure_ambulance', station: 'ST08' },
  { kind: 'negative_pressure_ambulance', station: 'ST09' },
  { kind: 'negative_pressure_ambulance', station: 'ST10' },
  { kind: 'basic_ambulance', station: 'ST01' },
  { kind: 'basic_ambulance', station: 'ST02' },
  { kind: 'basic_ambulance', station: 'ST03', extra: ['defibrillator'] },
  { kind: 'basic_ambulance', station: 'ST05' },
  { kind: 'basic_ambulance', station: 'ST06' },
  { kind: 'basic_ambulance', station: 'ST08', extra: ['defibrillator'] },
  { kind: 'basic_ambulance', station: 'ST10' },
  { kind: 'basic_ambulance', station: 'ST11' },
  { kind: 'mobile_hospital', station: 'ST05' },
  { kind: 'mobile_hospital', station: 'ST06' },
  { kind: 'patrol_clinic', station: 'ST05' },
  { kind: 'patrol_clinic', station: 'ST07' },
  { kind: 'patrol_clinic', station: 'ST08' },
];
