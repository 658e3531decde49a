/*
 * The enterprise registry's vocabulary (企业库), shared by the API, the seed, imports and the web app.
 */

/** What a firm does on or for a site; one firm may be several (a crane owner that installs its own machines). */
export const ENTERPRISE_KINDS = ['owner', 'surveyor', 'designer', 'contractor', 'supervisor', 'crane_owner', 'crane_installer', 'crane_maintainer', 'testing'] as const
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number]

/** The kinds as offices write them (exports, imports). */
export const ENTERPRISE_KIND_ZH: Record<EnterpriseKind, string> = {
  owner: '建设单位', surveyor: '勘察单位', designer: '设计单位', contractor: '施工单位', supervisor: '监理单位',
  crane_owner: '起重机械产权单位', crane_installer: '起重机械安装单位', crane_maintainer: '起重机械维保单位', testing: '检测机构',
}

/** The five parties (五方责任主体) a site names: 建设, 勘察, 设计, 施工, 监理. */
export const PARTY_ROLES = ['owner', 'surveyor', 'designer', 'contractor', 'supervisor'] as const
export type PartyRole = (typeof PARTY_ROLES)[number]
/** Where a firm's name may have been recorded unmatched: a site's party, or a crane's owner (产权单位). */
export const UNMATCHED_ROLES = [...PARTY_ROLES, 'crane_owner'] as const

/** 本地 or 外地进苏 (registered outside Jiangsu, entered on a date). */
export const ENTERPRISE_ORIGINS = ['local', 'out_of_province'] as const
export const ENTERPRISE_ORIGIN_ZH: Record<(typeof ENTERPRISE_ORIGINS)[number], string> = { local: '本地', out_of_province: '外地进苏' }

export const QUALIFICATION_GRADES = ['特级', '一级', '二级', '三级', '甲级', '乙级', '丙级', '不分等级'] as const

/** A qualification within this many days of its expiry is flagged for renewal. */
export const QUALIFICATION_WARNING_DAYS = 60

export type QualificationStatus = 'valid' | 'expiring' | 'expired'

/** Where a qualification stands on a Beijing day (both YYYY-MM-DD). */
export function qualificationStatus(validUntil: string, today: string): QualificationStatus {
  if (validUntil < today) return 'expired'
  const days = (Date.parse(validUntil) - Date.parse(today)) / 86_400_000
  return days <= QUALIFICATION_WARNING_DAYS ? 'expiring' : 'valid'
}
