import { HAZARD_CLASS_ZH, type HazardClass } from '../../domain/chemicals.ts'
import type { ExportTable } from '../exports/formats.ts'
import type { ChemicalRow } from './chemicals.repo.ts'
import type { DangerRow } from './surveys.repo.ts'

/* The inventory (危化品台账) and the hidden-danger list (隐患清单) as export tables, headed in Chinese for the offices. */

const STATUS_ZH: Record<string, string> = { open: '待整改', rectifying: '整改中', submitted: '待复查', closed: '已闭环' }
const SEVERITY_ZH: Record<string, string> = { major: '重大隐患', general: '一般隐患' }

export function inventoryTable(rows: ChemicalRow[]): ExportTable {
  return {
    title: '危化品台账',
    columns: [
      { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' }, { key: 'name', header: '危化品名称' },
      { key: 'casNo', header: 'CAS号' }, { key: 'unNo', header: 'UN编号' }, { key: 'hazardClass', header: '危险类别' },
      { key: 'maxQuantity', header: '最大存量' }, { key: 'unit', header: '单位' }, { key: 'lon', header: '存放点经度' }, { key: 'lat', header: '存放点纬度' },
      { key: 'storageNote', header: '存放说明' }, { key: 'responsibleName', header: '责任单位' }, { key: 'lastSurveyedAt', header: '最近风险辨识' },
      { key: 'removedOn', header: '清退日期' },
    ],
    rows: rows.map((r) => ({
      siteCode: r.siteCode, siteName: r.siteName, name: r.name, casNo: r.casNo, unNo: r.unNo,
      hazardClass: `${r.hazardClass} ${HAZARD_CLASS_ZH[r.hazardClass as HazardClass] ?? ''}`.trim(), maxQuantity: r.maxQuantity, unit: r.unit,
      lon: r.lon, lat: r.lat, storageNote: r.storageNote, responsibleName: r.responsibleName, lastSurveyedAt: r.lastSurveyedAt, removedOn: r.removedOn,
    })),
    geometries: [],
  }
}

export function dangerTable(rows: DangerRow[]): ExportTable {
  return {
    title: '危化品隐患清单',
    columns: [
      { key: 'hazardId', header: '隐患编号' }, { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' },
      { key: 'severity', header: '隐患等级' }, { key: 'description', header: '隐患描述' }, { key: 'status', header: '状态' },
      { key: 'foundAt', header: '发现时间' }, { key: 'deadline', header: '整改期限' }, { key: 'ageDays', header: '已持续天数' },
      { key: 'daysOverdue', header: '超期天数' }, { key: 'closedAt', header: '闭环时间' },
    ],
    rows: rows.map((r) => ({
      hazardId: r.hazardId, siteCode: r.siteCode, siteName: r.siteName, severity: SEVERITY_ZH[r.severity] ?? r.severity, description: r.description,
      status: STATUS_ZH[r.status] ?? r.status, foundAt: r.foundAt, deadline: r.deadline, ageDays: r.ageDays, daysOverdue: r.daysOverdue, closedAt: r.closedAt,
    })),
    geometries: [],
  }
}
