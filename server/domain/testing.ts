/*
 * Testing institutions' reports (检测报告): what was tested against what limit, whether it conforms, and which
 * non-conforming results are a campaign's business. Pure, shared with the web app (the form shows the verdict
 * before it is sent).
 *
 * A limit is written the way reports write it, so the same text is judged here and read by people:
 *   `C30`      concrete strength grade: the group's representative cube strength must reach fcu,k = 30 MPa
 *              (GB 50010 §4.1.1 grades; GB/T 50107-2010 judges a batch by its groups, a report carries one group);
 *   `≥400`     a minimum, e.g. HRB400 下屈服强度 ReL ≥ 400 MPa (GB/T 1499.2-2018 Table 6);
 *   `≤0.06%`   a maximum, e.g. 砂 氯离子含量 ≤ 0.06 % of dry sand for reinforced concrete, ≤ 0.02 % for
 *              prestressed (JGJ 52-2006 §3.1.10; GB 50164-2011 §2.3.3), ≤ 0.03 % for purified sea sand
 *              (JGJ 206-2010 海砂混凝土应用技术规范);
 *   `±4.5%`    a tolerance either side, e.g. rebar 重量偏差 (GB/T 1499.2-2018 Table 4: ±5.5 % for 6–12 mm,
 *              ±4.5 % for 14–20 mm, ±3.5 % for 22–50 mm). 瘦身钢筋 are bars stretched thin: light by more
 *              than the tolerance.
 * Anything else (a description like 无渗漏) is not judged here: the recorder says whether it conforms.
 */

export const MATERIALS = ['concrete', 'rebar', 'sand', 'cement', 'waterproofing', 'masonry', 'steel_structure', 'foundation'] as const
export type Material = (typeof MATERIALS)[number]

export const CAPABILITY_RESULTS = ['satisfactory', 'questionable', 'unsatisfactory'] as const
export type CapabilityResult = (typeof CAPABILITY_RESULTS)[number]
export const INSPECTION_OUTCOMES = ['pass', 'rectify', 'fail'] as const

/** The special campaigns (专项整治) a non-conforming result of these materials belongs to. */
export const CAMPAIGNS = { sand: '违规海砂', rebar: '瘦身钢筋', concrete: '劣质混凝土' } as const satisfies Partial<Record<Material, string>>
export type CampaignMaterial = keyof typeof CAMPAIGNS
export const CAMPAIGN_MATERIALS = Object.keys(CAMPAIGNS) as CampaignMaterial[]

/** A campaign hazard is major and short: the batch must be stopped, retested or taken out within days. */
export const CAMPAIGN_DEADLINE_DAYS = 3

/** Usual items per material, with a typical limit, for the form's suggestions and the seed. */
export const TEST_ITEMS: Record<Material, { item: string; required: string; unit: string }[]> = {
  concrete: [{ item: '抗压强度', required: 'C30', unit: 'MPa' }, { item: '抗渗等级', required: '≥6', unit: 'P' }],
  rebar: [{ item: '重量偏差', required: '±4.5%', unit: '%' }, { item: '屈服强度', required: '≥400', unit: 'MPa' }, { item: '抗拉强度', required: '≥540', unit: 'MPa' }],
  sand: [{ item: '氯离子含量', required: '≤0.06%', unit: '%' }, { item: '含泥量', required: '≤3.0%', unit: '%' }],
  cement: [{ item: '3天抗压强度', required: '≥17.0', unit: 'MPa' }, { item: '安定性', required: '合格', unit: '' }],
  waterproofing: [{ item: '不透水性', required: '无渗漏', unit: '' }, { item: '拉伸强度', required: '≥1.9', unit: 'MPa' }],
  masonry: [{ item: '抗压强度', required: '≥10.0', unit: 'MPa' }],
  steel_structure: [{ item: '焊缝探伤', required: 'Ⅱ级', unit: '' }, { item: '高强螺栓扭矩系数', required: '≤0.15', unit: '' }],
  foundation: [{ item: '单桩竖向承载力', required: '≥3200', unit: 'kN' }, { item: '桩身完整性', required: 'Ⅱ类及以上', unit: '' }],
}

/** Words in a qualification's category or scope that cover a material (建设工程质量检测机构资质标准, 2023). */
const SCOPE_TERMS: Record<Material, string[]> = {
  concrete: ['混凝土', '建筑材料'], rebar: ['钢筋', '建筑材料'], sand: ['砂', '骨料', '建筑材料'], cement: ['水泥', '建筑材料'],
  waterproofing: ['防水', '建筑材料'], masonry: ['砌', '墙体', '建筑材料'], steel_structure: ['钢结构'], foundation: ['地基', '基桩', '桩基'],
}

/** Whether a testing institution's live qualifications (category and scope texts) cover the material. 综合类 covers all. */
export function scopeCovers(qualificationTexts: readonly string[], material: Material): boolean {
  return qualificationTexts.some((text) => text.includes('综合') || SCOPE_TERMS[material].some((term) => text.includes(term)))
}

export type Requirement = { kind: 'min' | 'max' | 'tolerance'; limit: number }

const NUMBER = '([0-9]+(?:\\.[0-9]+)?)'
const FORMS: [RegExp, Requirement['kind']][] = [
  [new RegExp(`^C${NUMBER}$`, 'i'), 'min'],
  [new RegExp(`^(?:≥|>=)\\s*${NUMBER}\\s*%?$`), 'min'],
  [new RegExp(`^(?:≤|<=)\\s*${NUMBER}\\s*%?$`), 'max'],
  [new RegExp(`^(?:±|\\+/-)\\s*${NUMBER}\\s*%?$`), 'tolerance'],
]

/** The numeric limit a requirement text states, or null when it is a description. */
export function parseRequirement(text: string): Requirement | null {
  const trimmed = text.trim()
  for (const [pattern, kind] of FORMS) {
    const match = pattern.exec(trimmed)
    if (match) return { kind, limit: Number(match[1]) }
  }
  return null
}

/** A measured value as a number (`32.5`, `-6.2%`, `0.08 %`), or null when it is not one. */
export function parseMeasured(text: string): number | null {
  const match = /^([+-]?[0-9]+(?:\.[0-9]+)?)\s*%?$/.exec(text.trim())
  return match ? Number(match[1]) : null
}

/** Whether the measurement meets the requirement, or null when either is not numeric (a person decides). */
export function judgeConformity(required: string, measured: string): boolean | null {
  const requirement = parseRequirement(required)
  const value = parseMeasured(measured)
  if (!requirement || value === null) return null
  if (requirement.kind === 'min') return value >= requirement.limit
  if (requirement.kind === 'max') return value <= requirement.limit
  return Math.abs(value) <= requirement.limit
}

/** Rebar weight tolerance by nominal diameter, GB/T 1499.2-2018 Table 4, as a requirement text. */
export function rebarWeightTolerance(diameterMm: number): string {
  if (diameterMm <= 12) return '±5.5%'
  if (diameterMm <= 20) return '±4.5%'
  return '±3.5%'
}

export interface CampaignHazard { category: string; severity: 'major'; deadlineDays: number; description: string }

/** The hazard a non-conforming result opens, if its material is a campaign's; others are only recorded. */
export function campaignHazard(report: { reportNo: string; material: Material; item: string; requiredValue: string; measuredValue: string; conforming: boolean }): CampaignHazard | null {
  if (report.conforming || !(report.material in CAMPAIGNS)) return null
  const category = CAMPAIGNS[report.material as CampaignMaterial]
  const values = report.requiredValue || report.measuredValue ? `（要求 ${report.requiredValue || '—'}，实测 ${report.measuredValue || '—'}）` : ''
  return {
    category, severity: 'major', deadlineDays: CAMPAIGN_DEADLINE_DAYS,
    description: `检测报告 ${report.reportNo} ${report.item}不合格${values}：${category}专项整治，停止使用该批材料并复检`,
  }
}
