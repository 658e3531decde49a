/*
 * Hazardous chemicals on sites (危化品): what a site stores, how it is identified (CAS 登记号, UN 编号, GB 6944 class),
 * the risks a survey (风险辨识) finds and which of them are hidden dangers (隐患) to be rectified. Pure, shared with
 * the web app (the form checks a CAS number before it is sent).
 */

/** GB 6944-2012 classes and divisions of dangerous goods (the migration's CHECK lists the same). */
export const HAZARD_CLASSES = ['1', '2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9'] as const
export type HazardClass = (typeof HAZARD_CLASSES)[number]

export const QUANTITY_UNITS = ['kg', 't', 'L', 'm3'] as const

/** What can go wrong with a stored chemical. */
export const RISK_KINDS = ['fire', 'explosion', 'poisoning', 'leak', 'corrosion', 'asphyxiation', 'burn', 'other'] as const
export type RiskKind = (typeof RISK_KINDS)[number]

/** The four colours of 风险分级 (红橙黄蓝): major 重大, high 较大, moderate 一般, low 低. */
export const RISK_LEVELS = ['major', 'high', 'moderate', 'low'] as const
export type RiskLevel = (typeof RISK_LEVELS)[number]

/**
 * A storage point is on the site when it lies inside the site's footprint (red line), give or take GPS error, or —
 * for a site recorded only as a point — within a yard's reach of that point. The tolerances are generous enough for
 * a phone's fix and tight enough that a point on the neighbouring site is refused.
 */
export const FOOTPRINT_TOLERANCE_M = 15
export const POINT_TOLERANCE_M = 200

/** Sensitive receptors (schools, hospitals, care homes) this close to a chemical store are shown with it on the map. */
export const DEFAULT_RECEPTOR_RADIUS_M = 500
export const MAX_RECEPTOR_RADIUS_M = 3000

/** Days to rectify a chemical danger: a major one (重大隐患) within a week, the others within two. */
export const DANGER_DEADLINE_DAYS = { major: 7, general: 14 } as const

export type CasProblem = 'format' | 'check_digit'

/**
 * A CAS Registry Number: 2–7 digits, 2 digits, a check digit; the check digit is the sum of the other digits, each
 * times its position counted from the right (1, 2, 3 …), modulo 10. 7732-18-5 (water): 8·1+1·2+2·3+3·4+7·5+7·6 = 105 → 5.
 */
export function casProblem(cas: string): CasProblem | null {
  const match = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas)
  if (!match) return 'format'
  return casCheckDigit(match[1] + match[2]) === Number(match[3]) ? null : 'check_digit'
}

/** The check digit of a CAS number's leading digits (its first two parts, without hyphens). */
export function casCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i + 1)
  return sum % 10
}

/** A UN number (联合国编号) is four digits, 0004–3600 in the Model Regulations; 0000 names nothing. */
export function unProblem(un: string): 'format' | null {
  return /^\d{4}$/.test(un) && un !== '0000' ? null : 'format'
}

export interface IdentifiedRisk {
  chemicalId: number
  risk: RiskKind
  level: RiskLevel
  /** The control measure in place or required (管控措施). */
  measure: string
  /** What is wrong on site (隐患描述), when something must be rectified; absent when the measure is in place. */
  danger?: string
}

export interface DangerHazard { index: number; severity: 'major' | 'general'; category: string; description: string; deadlineDays: number }

/** Hazards are filed under one category, so the hidden-danger list (隐患清单) is the hazards of this category. */
export const DANGER_CATEGORY = '危化品'

/**
 * The hidden dangers of a survey: each risk with a danger to fix becomes a hazard, numbered by its place in the
 * survey (1-based, for the source reference `chemical-survey:<id>:<n>`). A danger at a major or high risk level
 * is a major hazard (重大隐患): a leak or fire there harms beyond the site.
 */
export function surveyDangers(risks: IdentifiedRisk[], chemicalName: (id: number) => string): DangerHazard[] {
  return risks.flatMap((r, i) => {
    if (!r.danger) return []
    const severity = r.level === 'major' || r.level === 'high' ? 'major' : 'general'
    return [{
      index: i + 1, severity, category: DANGER_CATEGORY, deadlineDays: DANGER_DEADLINE_DAYS[severity],
      description: `${chemicalName(r.chemicalId)}：${r.danger}（措施：${r.measure}）`.slice(0, 2000),
    }]
  })
}

/** Where a survey's n-th danger's hazard points back to. */
export const dangerSourceRef = (surveyId: number, index: number) => `chemical-survey:${surveyId}:${index}`

/**
 * The class a site is coloured by when it stores several: the most dangerous in this order (explosives, gases that
 * burn or poison, flammable liquids …, down to miscellaneous), an office's usual reading of GB 6944.
 */
const CLASS_PRIORITY: readonly HazardClass[] = ['1', '2.3', '2.1', '6.1', '5.2', '4.3', '4.2', '4.1', '3', '5.1', '8', '7', '6.2', '2.2', '9']

export function primaryClass(classes: readonly string[]): HazardClass | null {
  return CLASS_PRIORITY.find((c) => classes.includes(c)) ?? null
}

/** GB 6944-2012's names of the classes, for exports and the Chinese UI. */
export const HAZARD_CLASS_ZH: Record<HazardClass, string> = {
  '1': '爆炸品', '2.1': '易燃气体', '2.2': '非易燃无毒气体', '2.3': '毒性气体', '3': '易燃液体', '4.1': '易燃固体',
  '4.2': '易于自燃的物质', '4.3': '遇水放出易燃气体的物质', '5.1': '氧化性物质', '5.2': '有机过氧化物', '6.1': '毒性物质',
  '6.2': '感染性物质', '7': '放射性物质', '8': '腐蚀性物质', '9': '杂项危险物质和物品',
}

export interface CommonChemical { name: string; casNo: string | null; unNo: string; hazardClass: HazardClass; unit: (typeof QUANTITY_UNITS)[number]; risks: RiskKind[] }

/**
 * What building sites commonly keep (the form's suggestions, the seed's stock), with their CAS and UN numbers and
 * GB 6944 classes. Paint is a mixture: it has a UN entry (1263) but no single CAS number.
 */
export const COMMON_CHEMICALS: CommonChemical[] = [
  { name: '柴油', casNo: '68334-30-5', unNo: '1202', hazardClass: '3', unit: 't', risks: ['fire', 'leak'] },
  { name: '汽油', casNo: '86290-81-5', unNo: '1203', hazardClass: '3', unit: 'L', risks: ['fire', 'explosion'] },
  { name: '氧气', casNo: '7782-44-7', unNo: '1072', hazardClass: '2.2', unit: 'm3', risks: ['fire', 'explosion'] },
  { name: '乙炔', casNo: '74-86-2', unNo: '1001', hazardClass: '2.1', unit: 'kg', risks: ['explosion', 'fire'] },
  { name: '液化石油气', casNo: '68476-85-7', unNo: '1075', hazardClass: '2.1', unit: 'kg', risks: ['explosion', 'fire', 'leak'] },
  { name: '丙烷', casNo: '74-98-6', unNo: '1978', hazardClass: '2.1', unit: 'kg', risks: ['explosion', 'fire'] },
  { name: '油漆', casNo: null, unNo: '1263', hazardClass: '3', unit: 'L', risks: ['fire', 'poisoning'] },
  { name: '稀释剂（甲苯）', casNo: '108-88-3', unNo: '1294', hazardClass: '3', unit: 'L', risks: ['fire', 'poisoning'] },
  { name: '二甲苯', casNo: '1330-20-7', unNo: '1307', hazardClass: '3', unit: 'L', risks: ['fire', 'poisoning'] },
  { name: '液体速凝剂（铝酸钠溶液）', casNo: '1302-42-7', unNo: '1819', hazardClass: '8', unit: 't', risks: ['corrosion', 'leak'] },
  { name: '盐酸', casNo: '7647-01-0', unNo: '1789', hazardClass: '8', unit: 'L', risks: ['corrosion', 'poisoning'] },
  { name: '氢氧化钠', casNo: '1310-73-2', unNo: '1823', hazardClass: '8', unit: 'kg', risks: ['corrosion', 'burn'] },
]
