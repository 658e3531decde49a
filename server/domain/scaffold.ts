/*
 * 盘扣式钢管支架构件抽查抽测: what a lab measured on sampled components of a batch, judged against the standard's
 * limits. Pure, shared with the web app (the form shows the verdict before it is sent).
 *
 * Limits we are sure of — the steel grades the standards name for each component and those grades' own minima:
 *   立杆 Q355 (GB/T 1591-2018: ReH ≥ 355 MPa, Rm ≥ 470 MPa, A ≥ 20 % transverse);
 *   水平杆, 可调底座/托撑 Q235 (GB/T 700-2006: ReH ≥ 235, Rm ≥ 370, A ≥ 26 %);
 *   斜杆 at least Q195 (GB/T 700-2006: ReH ≥ 195, Rm ≥ 315, A ≥ 33 %), the lowest grade either series allows;
 *   连接盘, 插销 cast ZG230-450 (GB/T 11352-2009: ReH ≥ 230, Rm ≥ 450, A ≥ 22 %);
 *   and the nominal sizes of JGJ/T 231-2021 / JG/T 503-2016: 立杆 Φ60.3×3.2 (Z 重型) or Φ48.3×3.2 (B 标准型),
 *   水平杆 Φ48.3×2.5 / Φ42×2.5, 斜杆 Φ48.3×2.5 / Φ42×2.5 / Φ33.7×2.3, 可调底座/托撑 Φ48×6.5 / Φ38×5.0.
 * Limits we are less sure of, kept in TOLERANCES and PLATE_MIN_MM so that one edit corrects them: wall thickness
 * no thinner than nominal − 0.1 mm, outer diameter within −0.2/+0.3 mm of nominal, 连接盘 at least 8 mm thick and
 * 插销 at least 6 mm (the standard series' figures; the heavy series asks 10 and 8).
 *
 * The record has no series column. The series is read off the measured outer diameter (the nominal nearest the
 * mean: the series are 10 mm apart); when no diameter was measured, or for plate parts, the more lenient series'
 * limit applies — a batch is failed only when it fails whichever series it belongs to.
 */

export const SCAFFOLD_COMPONENTS = ['standard', 'ledger', 'diagonal', 'adjustable_base', 'adjustable_head', 'rosette', 'wedge_pin'] as const
export type ScaffoldComponent = (typeof SCAFFOLD_COMPONENTS)[number]

export const SCAFFOLD_PROPERTIES = ['yield_strength', 'tensile_strength', 'elongation', 'outer_diameter', 'wall_thickness', 'plate_thickness'] as const
export type ScaffoldProperty = (typeof SCAFFOLD_PROPERTIES)[number]

export const PROPERTY_UNITS: Record<ScaffoldProperty, string> = {
  yield_strength: 'MPa', tensile_strength: 'MPa', elongation: '%', outer_diameter: 'mm', wall_thickness: 'mm', plate_thickness: 'mm',
}

export const STEEL_GRADES = {
  Q355: { yield: 355, tensile: 470, elongation: 20 },
  Q235: { yield: 235, tensile: 370, elongation: 26 },
  Q195: { yield: 195, tensile: 315, elongation: 33 },
  'ZG230-450': { yield: 230, tensile: 450, elongation: 22 },
} as const
export type SteelGrade = keyof typeof STEEL_GRADES

/** mm: how far a measured tube may be from its nominal size. */
export const TOLERANCES = { wallBelow: 0.1, diameterBelow: 0.2, diameterAbove: 0.3 } as const
/** mm: the thinnest 连接盘 and 插销 accepted (the standard series'; see above). */
export const PLATE_MIN_MM = { rosette: 8, wedge_pin: 6 } as const

interface TubeSize { diameter: number; wall: number }
interface ComponentSpec { grade: SteelGrade; sizes?: TubeSize[]; plateMin?: number }

export const COMPONENT_SPECS: Record<ScaffoldComponent, ComponentSpec> = {
  standard: { grade: 'Q355', sizes: [{ diameter: 60.3, wall: 3.2 }, { diameter: 48.3, wall: 3.2 }] },
  ledger: { grade: 'Q235', sizes: [{ diameter: 48.3, wall: 2.5 }, { diameter: 42, wall: 2.5 }] },
  diagonal: { grade: 'Q195', sizes: [{ diameter: 48.3, wall: 2.5 }, { diameter: 42, wall: 2.5 }, { diameter: 33.7, wall: 2.3 }] },
  adjustable_base: { grade: 'Q235', sizes: [{ diameter: 48, wall: 6.5 }, { diameter: 38, wall: 5 }] },
  adjustable_head: { grade: 'Q235', sizes: [{ diameter: 48, wall: 6.5 }, { diameter: 38, wall: 5 }] },
  rosette: { grade: 'ZG230-450', plateMin: PLATE_MIN_MM.rosette },
  wedge_pin: { grade: 'ZG230-450', plateMin: PLATE_MIN_MM.wedge_pin },
}

/** The properties a lab may report for a component: strengths always, sizes as the component has them. */
export function propertiesOf(component: ScaffoldComponent): ScaffoldProperty[] {
  const spec = COMPONENT_SPECS[component]
  return ['yield_strength', 'tensile_strength', 'elongation', ...(spec.sizes ? ['outer_diameter', 'wall_thickness'] as const : ['plate_thickness'] as const)]
}

export interface Measurement { property: ScaffoldProperty; values: number[] }
export interface Limit { min: number; max?: number }

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length
const round = (n: number) => Math.round(n * 100) / 100

/** The tube size the batch is of, read off its measured outer diameter; null when none was measured. */
export function sizeOf(component: ScaffoldComponent, results: Measurement[]): TubeSize | null {
  const sizes = COMPONENT_SPECS[component].sizes
  const diameters = results.find((r) => r.property === 'outer_diameter')?.values
  if (!sizes || !diameters?.length) return null
  const measured = mean(diameters)
  return sizes.reduce((best, s) => (Math.abs(s.diameter - measured) < Math.abs(best.diameter - measured) ? s : best))
}

/** The limit each property of the component is judged against, for the batch's measured size. */
export function limitsFor(component: ScaffoldComponent, results: Measurement[] = []): Record<ScaffoldProperty, Limit | null> {
  const spec = COMPONENT_SPECS[component]
  const grade = STEEL_GRADES[spec.grade]
  const size = sizeOf(component, results)
  const walls = spec.sizes?.map((s) => s.wall) ?? []
  return {
    yield_strength: { min: grade.yield }, tensile_strength: { min: grade.tensile }, elongation: { min: grade.elongation },
    outer_diameter: size ? { min: round(size.diameter - TOLERANCES.diameterBelow), max: round(size.diameter + TOLERANCES.diameterAbove) } : null,
    wall_thickness: spec.sizes ? { min: round((size?.wall ?? Math.min(...walls)) - TOLERANCES.wallBelow) } : null,
    plate_thickness: spec.plateMin !== undefined ? { min: spec.plateMin } : null,
  }
}

export const meets = (value: number, limit: Limit) => value >= limit.min && (limit.max === undefined || value <= limit.max)

export interface Failure { property: ScaffoldProperty; sample: number; value: number; limit: Limit }
export interface Judgment { verdict: 'pass' | 'fail'; failedSamples: number; failures: Failure[] }

/**
 * The batch's verdict: `values[i]` of every property is sample i; a sample fails when any of its values misses its
 * limit, and the batch fails when any sample does (抽样检验: one failed sample fails the batch).
 */
export function judgeSampling(component: ScaffoldComponent, results: Measurement[]): Judgment {
  const limits = limitsFor(component, results)
  const failures: Failure[] = []
  for (const { property, values } of results) {
    const limit = limits[property]
    if (!limit) continue
    values.forEach((value, sample) => { if (!meets(value, limit)) failures.push({ property, sample, value, limit }) })
  }
  const failedSamples = new Set(failures.map((f) => f.sample)).size
  return { verdict: failures.length > 0 ? 'fail' : 'pass', failedSamples, failures }
}

/** Why the results cannot be judged, or null: properties of the component, each once, one value per sample at most. */
export function resultsProblem(component: ScaffoldComponent, sampleCount: number, results: Measurement[]): string | null {
  if (results.length === 0) return 'no property was measured'
  const allowed = propertiesOf(component)
  const seen = new Set<string>()
  for (const { property, values } of results) {
    if (!allowed.includes(property)) return `${property} is not measured on a ${component}`
    if (seen.has(property)) return `${property} is given twice`
    seen.add(property)
    if (values.length === 0 || values.length > sampleCount) return `${property} has ${values.length} values for ${sampleCount} samples`
  }
  return null
}

/** A failed batch's hazard: major, with days to take the batch out of use and have it retested. */
export const FAILED_BATCH_DEADLINE_DAYS = 3
export const FAILED_BATCH_CATEGORY = '盘扣构件不合格'

const COMPONENT_ZH: Record<ScaffoldComponent, string> = {
  standard: '立杆', ledger: '水平杆', diagonal: '斜杆', adjustable_base: '可调底座', adjustable_head: '可调托撑', rosette: '连接盘', wedge_pin: '插销',
}
const PROPERTY_ZH: Record<ScaffoldProperty, string> = {
  yield_strength: '屈服强度', tensile_strength: '抗拉强度', elongation: '断后伸长率', outer_diameter: '外径', wall_thickness: '壁厚', plate_thickness: '厚度',
}
export const componentZh = (component: ScaffoldComponent) => COMPONENT_ZH[component]
export const propertyZh = (property: ScaffoldProperty) => PROPERTY_ZH[property]

const limitText = (limit: Limit) => (limit.max === undefined ? `≥${limit.min}` : `${limit.min}–${limit.max}`)

/** The hazard's text: what failed, by how much, and what to do (停用、清退该批次并复检). */
export function failedBatchDescription(s: { component: ScaffoldComponent; batchNo: string; manufacturerName: string; sampleCount: number }, judgment: Judgment): string {
  const worst = new Map<ScaffoldProperty, Failure>()
  for (const f of judgment.failures) if (!worst.has(f.property)) worst.set(f.property, f)
  const items = [...worst.values()].map((f) => `${PROPERTY_ZH[f.property]}实测${f.value}${PROPERTY_UNITS[f.property]}（要求${limitText(f.limit)}）`).join('；')
  return `盘扣${COMPONENT_ZH[s.component]}抽检不合格：${s.manufacturerName} 批次 ${s.batchNo}，${s.sampleCount} 件中 ${judgment.failedSamples} 件不合格，${items}。立即停用该批构件，清退出场并复检`
}

/** Words in a lab's qualification that cover scaffold components (建设工程质量检测机构资质标准, 2023: 建筑材料及构配件). */
const LAB_SCOPE_TERMS = ['综合', '建筑材料', '构配件', '钢结构', '脚手架']
export function labCoversScaffold(qualificationTexts: readonly string[]): boolean {
  return qualificationTexts.some((text) => LAB_SCOPE_TERMS.some((term) => text.includes(term)))
}


/** One value per sample as a lab's sheet writes them (`3.2/3.18/3.22`, `380 392`, `60.3，60.4`); null when any is not a number. */
export function parseSampleValues(text: string): number[] | null {
  const parts = text.split(/[\s/,，、;；]+/).filter(Boolean)
  if (parts.length === 0 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) return null
  return parts.map(Number)
}
