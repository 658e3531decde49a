import { componentZh, type Measurement, PROPERTY_UNITS, propertyZh, type ScaffoldComponent } from '../../domain/scaffold.ts'
import type { ExportTable } from '../exports/formats.ts'
import type { ManufacturerRow, SamplingRow } from './scaffold.repo.ts'

/* Samplings and the manufacturers' ranking as export tables, headed in Chinese like every other export. */

const VERDICT_ZH = { pass: '合格', fail: '不合格' } as const
const measured = (results: Measurement[]) =>
  results.map((r) => `${propertyZh(r.property)}(${PROPERTY_UNITS[r.property]}): ${r.values.join(' / ')}`).join('；')

export function samplingTable(rows: SamplingRow[]): ExportTable {
  return {
    title: '盘扣构件抽查抽测',
    columns: [
      { key: 'sampledOn', header: '抽样日期' }, { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' },
      { key: 'component', header: '构件' }, { key: 'batchNo', header: '批次号' }, { key: 'manufacturerName', header: '生产厂家' },
      { key: 'sampleCount', header: '抽样数量' }, { key: 'lab', header: '检测机构' }, { key: 'results', header: '实测值' },
      { key: 'verdict', header: '结论' }, { key: 'failedSamples', header: '不合格件数' }, { key: 'hazardId', header: '隐患编号' },
      { key: 'campaignName', header: '专项行动' },
    ],
    rows: rows.map((r) => ({
      sampledOn: r.sampledOn, siteCode: r.siteCode, siteName: r.siteName, component: componentZh(r.component as ScaffoldComponent),
      batchNo: r.batchNo, manufacturerName: r.manufacturerName, sampleCount: r.sampleCount, lab: r.lab, results: measured(r.results),
      verdict: VERDICT_ZH[r.verdict], failedSamples: r.failedSamples, hazardId: r.hazardId, campaignName: r.campaignName,
    })),
    geometries: [],
  }
}

export function manufacturerTable(rows: ManufacturerRow[]): ExportTable {
  return {
    title: '盘扣构件生产厂家不合格率',
    columns: [
      { key: 'rank', header: '排名' }, { key: 'manufacturerName', header: '生产厂家' }, { key: 'samplings', header: '抽检批次' },
      { key: 'failed', header: '不合格批次' }, { key: 'rate', header: '批次不合格率(%)' }, { key: 'samples', header: '抽样件数' },
      { key: 'failedSamples', header: '不合格件数' }, { key: 'lastFailureOn', header: '最近不合格日期' }, { key: 'districts', header: '涉及区县数' },
    ],
    rows: rows.map((r, i) => ({
      rank: i + 1, manufacturerName: r.manufacturerName, samplings: r.samplings, failed: r.failed, rate: Math.round(r.rate * 1000) / 10,
      samples: r.samples, failedSamples: r.failedSamples, lastFailureOn: r.lastFailureOn, districts: r.districts,
    })),
    geometries: [],
  }
}
