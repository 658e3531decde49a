import type { ExportTable } from '../exports/formats.ts'

/* The people list as an export table, Chinese headers, ID numbers masked as in every listing. */

const ROLE_ZH: Record<string, string> = { project_manager: '项目经理', chief_supervisor: '总监理工程师', safety_director: '安全总监', safety_officer: '专职安全员', special_worker: '特种作业人员' }
const STANDING_ZH: Record<string, string> = { expired: '证书过期', expiring: '30天内到期', ok: '有效', none: '无证书' }

interface Row { name: string; idNumberMasked: string; employerName: string | null; currentRoles: string[]; certificateStanding: string }

export function peopleTable(rows: Row[]): ExportTable {
  return {
    title: '人员库',
    columns: [{ key: 'name', header: '姓名' }, { key: 'idNumber', header: '身份证号(脱敏)' }, { key: 'employer', header: '所在单位' },
      { key: 'roles', header: '当前岗位' }, { key: 'standing', header: '证书状态' }],
    rows: rows.map((r) => ({ name: r.name, idNumber: r.idNumberMasked, employer: r.employerName, roles: r.currentRoles.map((x) => ROLE_ZH[x] ?? x).join('、'),
      standing: STANDING_ZH[r.certificateStanding] ?? r.certificateStanding })),
    geometries: [],
  }
}
