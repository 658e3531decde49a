import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type ColumnProfile, findHeaderRow, isTotalsRow, matchColumns, normalizeHeader, type TargetSpec } from '../../server/domain/import-columns.ts'
import { isKnownValue, suggestValue, type Vocabulary, VOCABULARIES } from '../../server/domain/import-vocabulary.ts'
import { KIND_ZH, STAGE_ZH } from '../../server/domain/labels-zh.ts'
import { COORDINATE_ALIASES, ENTITIES } from '../../server/features/imports/entities.ts'

describe('the synonym table', () => {
  it('suggests what offices mean by their own words', () => {
    const cases: [keyof typeof VOCABULARIES, string[], string][] = [
      ['site_stage', ['基础施工', '桩基施工', '基坑开挖', '地下室施工'], 'earthworks'],
      ['site_stage', ['主体施工', '主体结构施工中', '结构施工'], 'main_structure'],
      ['site_stage', ['装饰装修阶段', '装修', '机电安装', '收尾'], 'finishing'],
      ['site_stage', ['竣工验收', '已完工', '完工'], 'completed'],
      ['site_kind', ['房建', '住宅', '房屋建筑工程'], 'housing'],
      ['site_kind', ['市政工程', '道路', '桥梁'], 'municipal'],
      ['site_kind', ['地铁', '轨交', '城市轨道交通'], 'rail_transit'],
      ['receptor_kind', ['小学', '中学'], 'school'],
      ['receptor_kind', ['托儿所'], 'kindergarten'],
      ['receptor_kind', ['卫生院', '社区卫生服务中心'], 'hospital'],
      ['receptor_kind', ['敬老院', '福利院'], 'elderly_home'],
      ['device_protocol', ['HJ212-2017'], 'hj212'],
    ]
    for (const [vocabulary, values, code] of cases) {
      for (const value of values) expect(suggestValue<string>(VOCABULARIES[vocabulary], value)?.code, value).toBe(code)
    }
  })

  it("finds a label's word inside a value, or the value inside a label word of which it is at least half", () => {
    expect(suggestValue(VOCABULARIES.site_stage, '装饰装修工程')).toEqual({ code: 'finishing', via: 'contains' })
    expect(suggestValue(VOCABULARIES.site_stage, '土方')).toEqual({ code: 'earthworks', via: 'contains' })
    expect(suggestValue(VOCABULARIES.site_stage, '主体结构封顶')).toEqual({ code: 'main_structure', via: 'contains' })
    expect(suggestValue(VOCABULARIES.site_kind, '轨道交通5号线')).toEqual({ code: 'rail_transit', via: 'contains' })
    expect(suggestValue(VOCABULARIES.site_kind, '市 政')).toEqual({ code: 'municipal', via: 'contains' })
    // 工程 is in 小型临时工程, but is a third of it: every kind of works is 工程.
    expect(suggestValue(VOCABULARIES.site_kind, '工程')).toBeNull()
  })

  it('suggests nothing for garbage, for a negation, or when two codes fit equally well', () => {
    for (const value of ['未知', '—', 'abc', '1', '', '  ', '待定']) expect(suggestValue(VOCABULARIES.site_stage, value), value).toBeNull()
    for (const value of ['未知', '—', 'abc', '1']) expect(suggestValue(VOCABULARIES.site_kind, value), value).toBeNull()
    expect(suggestValue(VOCABULARIES.site_stage, '未完工')).toBeNull()
    expect(suggestValue(VOCABULARIES.site_kind, '住宅及道路')).toBeNull()
    expect(suggestValue(VOCABULARIES.inspection_kind, '扬尘')).toBeNull()
  })

  it('gives every synonym its own code, and lists no synonym that is already a code or label', () => {
    for (const [name, vocabulary] of Object.entries(VOCABULARIES) as [string, Vocabulary][]) {
      for (const [code, synonyms] of Object.entries(vocabulary.synonyms) as [string, string[]][]) {
        for (const synonym of synonyms) {
          expect(suggestValue(vocabulary, synonym), `${name}: ${synonym}`).toEqual({ code, via: 'synonym' })
          expect(isKnownValue(vocabulary, synonym), `${name}: ${synonym}`).toBe(false)
        }
      }
    }
  })

  it('knows the codes and labels the cell readers accept, and uses the labels the screen shows', () => {
    expect(VOCABULARIES.site_kind.labels).toBe(KIND_ZH)
    expect(VOCABULARIES.site_stage.labels).toBe(STAGE_ZH)
    for (const value of ['房屋建筑', 'housing', 'RAIL_TRANSIT', '轨道 交通']) expect(isKnownValue(VOCABULARIES.site_kind, value), value).toBe(true)
    expect(isKnownValue(VOCABULARIES.device_protocol, 'HJ 212')).toBe(true)
    for (const value of ['房建', '', '地铁']) expect(isKnownValue(VOCABULARIES.site_kind, value), value).toBe(false)
  })
})

describe('headers', () => {
  it('are normalised as ASCII, without brackets, CRS tags or separators, unless a CRS word is all there is', () => {
    expect(normalizeHeader('经度（高德）')).toBe('经度')
    expect(normalizeHeader('ＬＯＮ')).toBe('lon')
    expect(normalizeHeader('项目\u3000编号')).toBe('项目编号')
    expect(normalizeHeader('建筑面积㎡')).toBe('建筑面积m2')
    expect(normalizeHeader('坐标')).toBe('坐标')
    expect(normalizeHeader('g_cj')).toBe('gcj')
    expect(normalizeHeader('xg_cjy')).toBe('xy')
  })
  it('normalised twice are what they are normalised once', () => {
    const headerish = fc.string({ unit: fc.constantFrom(...'项目编号经度坐标高德百度（）()[]【】_- :：/gcjbdwgs0289 ＡＢａｂ１２\u3000ⅣⅫ㎡'), maxLength: 16 })
    for (const strings of [headerish, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })]) {
      fc.assert(fc.property(strings, (header) => {
        expect(normalizeHeader(normalizeHeader(header))).toBe(normalizeHeader(header))
      }), { numRuns: 1000, examples: [['\u2017\u00b8']] }) // NFKC's spaces before two combining marks, found by a CI run
    }
  })
})

// The targets a sites file's columns may be mapped to, as the importer builds them from entities.ts.
const SITE_TARGETS: TargetSpec[] = [
  ...Object.entries(ENTITIES.sites.fields).map(([target, field]) => ({ target, aliases: field.aliases, vocabulary: field.vocabulary })),
  { target: 'lon', aliases: COORDINATE_ALIASES.lon }, { target: 'lat', aliases: COORDINATE_ALIASES.lat },
  { target: 'lonlat', aliases: COORDINATE_ALIASES.lonlat, pair: true }, { target: 'wkt', aliases: COORDINATE_ALIASES.geometry },
]
const column = (name: string, values: string[] = [], hidden = false): ColumnProfile => ({ name, values, hidden })
const matchOf = (columns: ColumnProfile[], targets = SITE_TARGETS) => Object.fromEntries(matchColumns(columns, targets).map((m) => [m.column, m]))

describe('matching columns to targets', () => {
  it("maps the rail office's ledger: every header by its alias but 工程类别, which is like 工程类型", () => {
    const ledger = [
      column('项目编号', ['GD2021-001', 'GD2021-002']), column('项目名称', ['苏州地铁8号线', '苏州地铁S1线']),
      column('工程类别', ['轨道交通', '地铁']), column('施工阶段', ['基础施工', '主体施工']), column('经度', ['120.62', '120.71']),
      column('纬度', ['31.30', '31.35']), column('建设单位', ['苏州市轨道交通集团有限公司']), column('施工单位', ['中铁四局', '中铁十一局']),
    ]
    const matches = matchColumns(ledger, SITE_TARGETS)
    expect(matches.map((m) => m.column)).toEqual(ledger.map((c) => c.name))
    expect(matches.map((m) => m.target)).toEqual(['code', 'name', 'kind', 'stage', 'lon', 'lat', 'owner_org', 'contractor_org'])
    for (const m of matches.filter((m) => m.column !== '工程类别')) expect(m, m.column).toMatchObject({ via: 'alias', confidence: 1 })
    const kind = matches[2]
    expect(kind.via).toBe('similar')
    expect(kind.confidence).toBeGreaterThanOrEqual(0.5)
    expect(kind.confidence).toBeLessThan(1)
  })

  it('finds the kind from the values of a column whose header says nothing', () => {
    const values = ['房屋建筑', '市政', '轨道交通', '地铁', '房屋建筑']
    const byValues = matchOf([column('项目编号', ['GD-1']), column('备注1', values)])
    expect(byValues['备注1']).toMatchObject({ target: 'kind', via: 'values' })
    expect(byValues['备注1'].confidence).toBeCloseTo(0.9, 9)
    // A header that is like an alias (类别 ≈ 类型) is the stronger evidence: the values only confirm it.
    expect(matchOf([column('类别', values)])['类别']).toMatchObject({ target: 'kind', via: 'similar', confidence: 0.85 })
  })

  it('takes values as evidence only when most of at least two distinct values fit', () => {
    expect(matchOf([column('备注1', ['市政', '市政', '市政'])])['备注1'].target).toBeNull()
    expect(matchOf([column('备注1', ['市政', '住宅', '张三', '李四', '王五'])])['备注1'].target).toBeNull()
    const mostly = matchOf([column('备注1', ['市政', '住宅', '地铁', '张三'])])['备注1']
    expect(mostly).toMatchObject({ target: 'kind', via: 'values' })
    expect(mostly.confidence).toBeCloseTo(0.9 * 0.75, 9)
  })

  it('finds a column of lon/lat pairs from its values', () => {
    const m = matchOf([column('备注2', ['120.62,31.30', '(120.70, 31.28)', '120°37′12″E 31°18′N'])])['备注2']
    expect(m).toMatchObject({ target: 'lonlat', via: 'values' })
    expect(m.confidence).toBeCloseTo(0.9, 9)
  })

  it('puts an alias before a similar header and a similar header before values, whatever the confidence', () => {
    const similarFirst = matchOf([column('备注1', ['房屋建筑', '市政']), column('工程类别', ['张三', '李四'])])
    expect(similarFirst['工程类别']).toMatchObject({ target: 'kind', via: 'similar' })
    expect(similarFirst['备注1']).toMatchObject({ target: null, via: null, confidence: 0 })
    const aliasFirst = matchOf([column('工程类别'), column('类型')])
    expect(aliasFirst['类型']).toMatchObject({ target: 'kind', via: 'alias' })
    expect(aliasFirst['工程类别'].target).toBeNull()
  })

  it('gives each target one column, the earlier on a tie, the more alike otherwise', () => {
    const tie = matchColumns([column('编号'), column('项目编号')], SITE_TARGETS)
    expect(tie).toEqual([{ column: '编号', target: 'code', via: 'alias', confidence: 1 }, { column: '项目编号', target: null, via: null, confidence: 0 }])
    const closer = matchOf([column('施工单位名称备注'), column('施工单位名称')], [{ target: 'contractor_org', aliases: ['施工单位'] }])
    expect(closer['施工单位名称']).toMatchObject({ target: 'contractor_org', via: 'similar' })
    // Dice of 施工单位名称 and 施工单位: their 3 shared character pairs of 5 + 3 (0.75) beat the containment 4/6.
    expect(closer['施工单位名称'].confidence).toBeCloseTo(0.5 + 0.3 * 0.75, 9)
    expect(closer['施工单位名称备注'].target).toBeNull()
  })

  it('reads word-level synonyms in headers: 企业 is 单位, 时间 is 日期, 业主 is 建设', () => {
    const m = matchOf([column('施工企业'), column('竣工时间'), column('业主单位'), column('项目代码')])
    expect(m['施工企业']).toMatchObject({ target: 'contractor_org', via: 'similar', confidence: 0.85 })
    expect(m['竣工时间']).toMatchObject({ target: 'planned_end_date', via: 'similar', confidence: 0.85 })
    expect(m['业主单位']).toMatchObject({ target: 'owner_org', via: 'similar', confidence: 0.85 })
    expect(m['项目代码']).toMatchObject({ target: 'code', via: 'similar', confidence: 0.85 })
  })

  it('never matches a hidden column, and leaves a column nothing fits alone', () => {
    const m = matchOf([column('项目编号', ['GD-1'], true), column('填表人', ['张三', '李四']), column('项目编号 ')])
    expect(m['项目编号']).toEqual({ column: '项目编号', target: null, via: null, confidence: 0 })
    expect(m['填表人']).toMatchObject({ target: null, via: null, confidence: 0 })
    expect(m['项目编号 ']).toMatchObject({ target: 'code', via: 'alias' })
  })
})

const ALIASES = [...Object.values(ENTITIES.sites.fields).flatMap((f) => f.aliases), ...COORDINATE_ALIASES.lon, ...COORDINATE_ALIASES.lat]

describe('the header row', () => {
  it('is found below merged title rows and blank rows', () => {
    const rows = [
      ['2021年轨道交通在建项目台账', null, null, null],
      [null, null, null, null],
      ['制表单位：轨道交通建设处', null, null, '2021年3月'],
      ['序号', '项目编号', '项目名称', '经度（高德）'],
      ['1', 'GD-1', '苏州地铁8号线', '120.62'],
    ]
    expect(findHeaderRow(rows, ALIASES)).toBe(3)
  })
  it('is the row that names the most aliases, the earlier on a tie', () => {
    expect(findHeaderRow([['项目编号', 'x'], ['项目编号', '项目名称', '经度'], ['名称', '编号', '纬度']], ALIASES)).toBe(1)
    expect(findHeaderRow([['a', '经度'], ['b', '纬度']], ALIASES)).toBe(0)
  })
  it('is the first row of two or more cells when no row names an alias, and is looked for in the first 20 rows only', () => {
    expect(findHeaderRow([['台账'], ['甲', '乙', null], ['1', '2', '3']], ALIASES)).toBe(1)
    const deep = [...Array.from({ length: 20 }, () => [null, 'x', 'y']), ['项目编号', '项目名称']]
    expect(findHeaderRow(deep, ALIASES)).toBe(0)
    expect(findHeaderRow([[null], ['only']], ALIASES)).toBe(0)
    expect(findHeaderRow([], ALIASES)).toBe(0)
  })
})

describe('a totals row', () => {
  it('starts with 合计, 总计, 小计 or 共计, or counts the records', () => {
    for (const first of ['合计', '合 计', '总计：40项', '合计（万元）', '小计', '共计', '共40项', '共 40 个项目', '共４０项', '共计40个']) {
      expect(isTotalsRow([null, '  ', first, '12000']), first).toBe(true)
    }
  })
  it('is not a record whose cells merely contain such words', () => {
    for (const cells of [['1', '合计'], ['GD-001', '共40项'], ['小计划'], ['共建项目'], ['共同体'], ['40'], [null, ''], []]) {
      expect(isTotalsRow(cells), JSON.stringify(cells)).toBe(false)
    }
  })
})
