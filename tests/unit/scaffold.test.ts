import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMPONENT_SPECS, failedBatchDescription, judgeSampling, labCoversScaffold, limitsFor, type Measurement, parseSampleValues, propertiesOf,
  resultsProblem, SCAFFOLD_COMPONENTS, SCAFFOLD_PROPERTIES, type ScaffoldComponent, sizeOf,
} from '../../server/domain/scaffold.ts'

/* 盘扣 component spot checks: the limits a batch is judged against, its verdict and failed samples, and what is refused. */

const standard = (over: Partial<Record<string, number[]>> = {}): Measurement[] => [
  { property: 'yield_strength', values: over.yield_strength ?? [380, 392, 401] },
  { property: 'tensile_strength', values: over.tensile_strength ?? [505, 512, 498] },
  { property: 'outer_diameter', values: over.outer_diameter ?? [60.3, 60.4, 60.2] },
  { property: 'wall_thickness', values: over.wall_thickness ?? [3.2, 3.18, 3.22] },
]

describe('limitsFor', () => {
  it('judges 立杆 as Q355 steel, Φ60.3×3.2 or Φ48.3×3.2 by the diameter measured', () => {
    const heavy = limitsFor('standard', standard())
    expect(heavy.yield_strength).toEqual({ min: 355 })
    expect(heavy.tensile_strength).toEqual({ min: 470 })
    expect(heavy.outer_diameter).toEqual({ min: 60.1, max: 60.6 })
    expect(heavy.wall_thickness).toEqual({ min: 3.1 })
    expect(limitsFor('standard', standard({ outer_diameter: [48.2, 48.3] })).outer_diameter).toEqual({ min: 48.1, max: 48.6 })
  })

  it('takes the lenient series when no diameter was measured', () => {
    expect(sizeOf('diagonal', [])).toBeNull()
    expect(limitsFor('diagonal').wall_thickness).toEqual({ min: 2.2 })
    expect(limitsFor('diagonal', [{ property: 'outer_diameter', values: [48.3] }]).wall_thickness).toEqual({ min: 2.4 })
  })

  it('judges plate parts by thickness and cast-steel strength', () => {
    expect(limitsFor('rosette').plate_thickness).toEqual({ min: 8 })
    expect(limitsFor('wedge_pin').yield_strength).toEqual({ min: 230 })
    expect(limitsFor('rosette').outer_diameter).toBeNull()
    expect(propertiesOf('rosette')).not.toContain('wall_thickness')
    expect(propertiesOf('ledger')).not.toContain('plate_thickness')
  })
})

describe('judgeSampling', () => {
  it('passes a batch whose every sample meets every limit', () => {
    expect(judgeSampling('standard', standard())).toEqual({ verdict: 'pass', failedSamples: 0, failures: [] })
  })

  it('fails a batch on one thin tube, counting each failed sample once', () => {
    const thin = judgeSampling('standard', standard({ wall_thickness: [3.2, 2.9, 3.15], yield_strength: [380, 340, 401] }))
    expect(thin.verdict).toBe('fail')
    expect(thin.failedSamples).toBe(1)
    expect(thin.failures.map((f) => f.property).sort()).toEqual(['wall_thickness', 'yield_strength'])
  })

  it('fails a diameter out of tolerance on either side', () => {
    expect(judgeSampling('standard', standard({ outer_diameter: [60.3, 59.9, 60.3] })).failedSamples).toBe(1)
    expect(judgeSampling('standard', standard({ outer_diameter: [60.7, 60.3, 60.3] })).failedSamples).toBe(1)
  })

  it('has failed samples between 0 and the samples, and fails exactly when a value misses its limit', () => {
    const component = fc.constantFrom(...SCAFFOLD_COMPONENTS)
    fc.assert(fc.property(component, fc.integer({ min: 1, max: 8 }), fc.infiniteStream(fc.double({ min: 0.5, max: 800, noNaN: true })), (c, samples, stream) => {
      const results = propertiesOf(c).map((property) => ({ property, values: Array.from({ length: samples }, () => stream.next().value as number) }))
      const judgment = judgeSampling(c, results)
      const limits = limitsFor(c, results)
      const anyMiss = results.some((r) => r.values.some((v) => v < limits[r.property]!.min || v > (limits[r.property]!.max ?? Infinity)))
      expect(judgment.failedSamples).toBeGreaterThanOrEqual(0)
      expect(judgment.failedSamples).toBeLessThanOrEqual(samples)
      expect(judgment.verdict === 'fail').toBe(anyMiss)
      expect(judgment.failedSamples > 0).toBe(anyMiss)
    }))
  })

  it('never fails a batch made of the nominal sizes and the grade\'s minima', () => {
    fc.assert(fc.property(fc.constantFrom(...SCAFFOLD_COMPONENTS), fc.nat(), (c: ScaffoldComponent, pick) => {
      const spec = COMPONENT_SPECS[c]
      const size = spec.sizes?.[pick % spec.sizes.length]
      const limits = limitsFor(c)
      const results: Measurement[] = propertiesOf(c).map((property) => ({
        property,
        values: [property === 'outer_diameter' ? size!.diameter : property === 'wall_thickness' ? size!.wall : limits[property]!.min],
      }))
      expect(judgeSampling(c, results).verdict).toBe('pass')
    }))
  })
})

describe('resultsProblem', () => {
  it('accepts the component\'s properties, each once, a value per sample at most', () => {
    expect(resultsProblem('standard', 3, standard())).toBeNull()
    expect(resultsProblem('standard', 3, [{ property: 'yield_strength', values: [380] }])).toBeNull()
  })

  it.each([
    ['nothing measured', 'standard', 3, []],
    ['a plate property on a tube', 'ledger', 3, [{ property: 'plate_thickness', values: [9] }]],
    ['a tube property on a plate', 'rosette', 3, [{ property: 'wall_thickness', values: [3] }]],
    ['a property twice', 'standard', 3, [{ property: 'yield_strength', values: [380] }, { property: 'yield_strength', values: [390] }]],
    ['more values than samples', 'standard', 2, [{ property: 'yield_strength', values: [380, 381, 382] }]],
  ] as [string, ScaffoldComponent, number, Measurement[]][])('refuses %s', (_what, component, samples, results) => {
    expect(resultsProblem(component, samples, results)).not.toBeNull()
  })

  it('never throws on any property list', () => fc.assert(fc.property(
    fc.constantFrom(...SCAFFOLD_COMPONENTS), fc.integer({ min: 1, max: 100 }),
    fc.array(fc.record({ property: fc.constantFrom(...SCAFFOLD_PROPERTIES), values: fc.array(fc.double({ min: 0.1, max: 5000, noNaN: true }), { maxLength: 5 }) }), { maxLength: 8 }),
    (c, samples, results) => { resultsProblem(c, samples, results) },
  )))
})

describe('the failed batch and the labs', () => {
  it('says what failed, by how much, and what to do', () => {
    const judgment = judgeSampling('standard', standard({ wall_thickness: [3.2, 2.8, 3.2] }))
    const text = failedBatchDescription({ component: 'standard', batchNo: 'B-01', manufacturerName: '沧州恒鑫架业有限公司', sampleCount: 3 }, judgment)
    expect(text).toContain('立杆')
    expect(text).toContain('壁厚实测2.8mm（要求≥3.1）')
    expect(text).toContain('3 件中 1 件不合格')
    expect(text).toContain('停用')
  })

  it('takes labs qualified for building components or 综合类', () => {
    expect(labCoversScaffold(['建设工程质量检测机构资质（综合类） 建设工程质量检测机构资质（综合类）'])).toBe(true)
    expect(labCoversScaffold(['建设工程质量检测机构资质（专项类） 建筑材料及构配件'])).toBe(true)
    expect(labCoversScaffold(['建设工程质量检测机构资质（专项类） 地基基础'])).toBe(false)
    expect(labCoversScaffold([])).toBe(false)
  })
})

describe('parseSampleValues', () => {
  it.each([
    ['3.2/3.18/3.22', [3.2, 3.18, 3.22]], ['380 392', [380, 392]], ['60.3，60.4、60.2', [60.3, 60.4, 60.2]], [' 8 ', [8]],
  ])('%s', (text, expected) => expect(parseSampleValues(text)).toEqual(expected))

  it.each(['', '3.2/x', '-1', '1e3', '3,2.5.1'])('%s is not a list of values', (text) => expect(parseSampleValues(text)).toBeNull())

  it('reads back any list of values it is given, however separated', () => fc.assert(fc.property(
    fc.array(fc.integer({ min: 0, max: 99_999 }).map((n) => n / 100), { minLength: 1, maxLength: 10 }), fc.constantFrom('/', ' ', ',', '，', '、', ' / '),
    (values, separator) => { expect(parseSampleValues(values.join(separator))).toEqual(values) },
  )))

  it('never throws on any text', () => fc.assert(fc.property(fc.string(), (text) => { parseSampleValues(text) })))
})
