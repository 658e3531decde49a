import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CAMPAIGNS, campaignHazard, judgeConformity, MATERIALS, parseMeasured, parseRequirement, rebarWeightTolerance, scopeCovers, TEST_ITEMS,
} from '../../server/domain/testing.ts'

/* Testing reports: limits as reports write them, the verdict from the numbers, and which failures are a campaign's. */

describe('parseRequirement', () => {
  it.each([
    ['C30', { kind: 'min', limit: 30 }], ['c60', { kind: 'min', limit: 60 }], ['≥400', { kind: 'min', limit: 400 }], ['>= 17.0', { kind: 'min', limit: 17 }],
    ['≤0.06%', { kind: 'max', limit: 0.06 }], ['<=0.02 %', { kind: 'max', limit: 0.02 }], ['±4.5%', { kind: 'tolerance', limit: 4.5 }], ['+/-3.5%', { kind: 'tolerance', limit: 3.5 }],
  ])('%s', (text, expected) => expect(parseRequirement(text)).toEqual(expected))

  it.each(['合格', '无渗漏', 'Ⅱ级', '', 'C', '≥', '400', '≥4e2'])('%s is a description, not a limit', (text) => expect(parseRequirement(text)).toBeNull())

  it('never throws on any text', () => fc.assert(fc.property(fc.string(), (text) => { parseRequirement(text); parseMeasured(text) })))
})

describe('judgeConformity', () => {
  it.each([
    ['C30', '32.5', true], ['C30', '30', true], ['C30', '26.1', false], // 劣质混凝土: short of its grade
    ['≥400', '455', true], ['≥400', '385', false], // 屈服强度 of HRB400
    ['±4.5%', '-3.9%', true], ['±4.5%', '-6.8%', false], ['±4.5%', '+4.6%', false], // 瘦身钢筋: too light
    ['≤0.06%', '0.02%', true], ['≤0.06%', '0.06%', true], ['≤0.06%', '0.11%', false], // 违规海砂: chloride over the limit
  ])('%s against %s: %s', (required, measured, expected) => expect(judgeConformity(required, measured)).toBe(expected))

  it('leaves descriptions to the recorder', () => {
    expect(judgeConformity('无渗漏', '无渗漏')).toBeNull()
    expect(judgeConformity('≥400', '未测')).toBeNull()
  })

  it('a minimum holds exactly when the value reaches the limit, a maximum exactly when it stays under', () => fc.assert(fc.property(
    fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }),
    (limit, value) => {
      expect(judgeConformity(`≥${limit / 100}`, String(value / 100))).toBe(value >= limit)
      expect(judgeConformity(`≤${limit / 100}%`, `${value / 100}%`)).toBe(value <= limit)
      expect(judgeConformity(`±${limit / 100}%`, `-${value / 100}%`)).toBe(value <= limit)
    })))
})

describe('rebarWeightTolerance (GB/T 1499.2-2018)', () => {
  it.each([[8, '±5.5%'], [12, '±5.5%'], [16, '±4.5%'], [20, '±4.5%'], [25, '±3.5%'], [32, '±3.5%']])('%i mm: %s', (d, expected) => expect(rebarWeightTolerance(d)).toBe(expected))
})

describe('scopeCovers', () => {
  it('a materials qualification covers concrete, rebar and sand but not piles; 综合类 covers everything', () => {
    const materials = ['建设工程质量检测专项资质 建筑材料及构配件']
    expect(scopeCovers(materials, 'concrete')).toBe(true)
    expect(scopeCovers(materials, 'sand')).toBe(true)
    expect(scopeCovers(materials, 'foundation')).toBe(false)
    expect(scopeCovers(['地基基础检测'], 'foundation')).toBe(true)
    for (const m of MATERIALS) expect(scopeCovers(['建设工程质量检测综合资质'], m)).toBe(true)
    expect(scopeCovers([], 'concrete')).toBe(false)
  })
})

describe('campaignHazard', () => {
  const report = { reportNo: 'JC2026-0001', item: '抗压强度', requiredValue: 'C30', measuredValue: '24.0' }
  it('a non-conforming concrete, rebar or sand result opens a major hazard of its campaign, due within days', () => {
    for (const [material, category] of Object.entries(CAMPAIGNS)) {
      const hazard = campaignHazard({ ...report, material: material as keyof typeof CAMPAIGNS, conforming: false })
      expect(hazard).toMatchObject({ category, severity: 'major' })
      expect(hazard!.deadlineDays).toBeGreaterThan(0)
      expect(hazard!.deadlineDays).toBeLessThanOrEqual(7)
      expect(hazard!.description).toContain('JC2026-0001')
    }
  })
  it('conforming results and other materials open nothing', () => {
    expect(campaignHazard({ ...report, material: 'concrete', conforming: true })).toBeNull()
    expect(campaignHazard({ ...report, material: 'waterproofing', conforming: false })).toBeNull()
    expect(campaignHazard({ ...report, material: 'cement', conforming: false })).toBeNull()
  })
  it('every suggested item has a limit the form can show', () => {
    for (const m of MATERIALS) expect(TEST_ITEMS[m].length).toBeGreaterThan(0)
  })
})
