import type { Kysely } from 'kysely'
import { generateCreditCode } from '../../server/domain/credit-code.ts'
import { ENTERPRISE_KINDS, type EnterpriseKind, type PartyRole } from '../../server/domain/enterprise.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import { type FirmRole, firmName, outsideFirmName, personName, roadName } from './names.ts'
import type { Rng } from './random.ts'
import type { PlacedDistrict } from './sites.ts'

/*
 * The enterprise registry (企业库) of the seeded city: a pool of firms per kind that sites, cranes, people and
 * testing reports are drawn from. Sizes follow the site count so a contractor works many sites, as in life
 * (about twelve sites per contractor). About 15% are 外地进苏 firms registered in another province.
 */

export interface PooledFirm { id: number; name: string; districtId: number | null }
export type EnterprisePool = Record<EnterpriseKind, PooledFirm[]>

/** Sites per firm of each kind, and the least of each kind however small the city. */
const POOL_SHAPE: Record<EnterpriseKind, { sitesPerFirm: number; min: number; role: FirmRole }> = {
  owner: { sitesPerFirm: 6, min: 20, role: 'owner' },
  contractor: { sitesPerFirm: 12, min: 20, role: 'contractor' },
  supervisor: { sitesPerFirm: 30, min: 10, role: 'supervisor' },
  designer: { sitesPerFirm: 40, min: 8, role: 'designer' },
  surveyor: { sitesPerFirm: 60, min: 6, role: 'surveyor' },
  crane_owner: { sitesPerFirm: 50, min: 8, role: 'crane_rental' },
  crane_installer: { sitesPerFirm: 80, min: 6, role: 'crane_installer' },
  crane_maintainer: { sitesPerFirm: 120, min: 4, role: 'crane_maintainer' },
  testing: { sitesPerFirm: 300, min: 6, role: 'testing' },
}

/** Home places of 外地进苏 firms, with the region code their 统一社会信用代码 carries. */
const OUTSIDE_PLACES = [
  ['上海', '上海市', '310000'], ['浙江', '浙江省杭州市', '330100'], ['安徽', '安徽省合肥市', '340100'], ['北京', '北京市', '110000'],
  ['广东', '广东省深圳市', '440300'], ['山东', '山东省济南市', '370100'], ['湖北', '湖北省武汉市', '420100'], ['福建', '福建省福州市', '350100'],
] as const

/** Qualifications (资质) a firm of a kind holds: category and the grades it comes in. */
const QUALIFICATIONS: Partial<Record<EnterpriseKind, [string, readonly string[]][]>> = {
  contractor: [['建筑工程施工总承包', ['特级', '一级', '一级', '二级', '三级']], ['市政公用工程施工总承包', ['一级', '二级', '三级']]],
  supervisor: [['房屋建筑工程监理', ['甲级', '甲级', '乙级']], ['市政公用工程监理', ['甲级', '乙级']]],
  designer: [['建筑行业（建筑工程）设计', ['甲级', '乙级']]],
  surveyor: [['工程勘察专业类（岩土工程）', ['甲级', '乙级']]],
  owner: [['房地产开发企业资质', ['一级', '二级']]],
  crane_installer: [['起重设备安装工程专业承包', ['一级', '二级']]],
  crane_maintainer: [['起重设备安装工程专业承包', ['二级']]],
  testing: [['建设工程质量检测机构资质（综合类）', ['不分等级']], ['建设工程质量检测机构资质（专项类）', ['不分等级']]],
}

/** Tries drawn before a name is told apart by a number: only a pool larger than its names' space gets that far. */
const TRIES_BEFORE_NUMBERING = 50

/**
 * A value `make` draws that is not yet in `taken` (and is added to it). Names come from a finite space (about 50,000
 * owners' names): a million-site city wants 166,667 owners, and drawing until a free one turned up never ended. Past
 * TRIES_BEFORE_NUMBERING draws the value gets a number, as registered firms of one name are told apart; smaller
 * cities never get there, so their names are as before.
 */
export function uniqueValue(make: () => string, taken: Set<string>): string {
  let value = make()
  for (let tries = 1; taken.has(value); tries++) value = tries < TRIES_BEFORE_NUMBERING ? make() : `${make()}（${tries - TRIES_BEFORE_NUMBERING + 2}）`
  taken.add(value)
  return value
}

export async function insertEnterprises(db: Kysely<any>, rng: Rng, districts: PlacedDistrict[], siteCount: number, now: Date): Promise<EnterprisePool> {
  const names = new Set<string>()
  const codes = new Set<string>()
  const pool = Object.fromEntries(ENTERPRISE_KINDS.map((k) => [k, [] as PooledFirm[]])) as EnterprisePool
  const rows: Record<string, unknown>[] = []
  const qualifications: Record<string, unknown>[] = []
  for (const kind of ENTERPRISE_KINDS) {
    const { sitesPerFirm, min, role } = POOL_SHAPE[kind]
    const count = Math.max(min, Math.round(siteCount / sitesPerFirm))
    for (let k = 0; k < count; k++) {
      const id = rows.length + 1
      const outside = rng.chance(0.15)
      const district = rng.weighted(districts.map((d) => [d, d.siteShare] as const))
      const [home, registeredPlace, region] = outside ? rng.pick(OUTSIDE_PLACES) : [district.shortName, `江苏省苏州市${district.name}`, String(district.adcode)]
      const name = uniqueValue(() => (outside ? outsideFirmName(rng, role, home) : firmName(rng, role, district.shortName)), names)
      // A crane owner often installs its own machines: such a firm is both.
      const kinds = kind === 'crane_owner' && rng.chance(0.3) ? ['crane_owner', 'crane_installer'] : [kind]
      rows.push({
        id, credit_code: uniqueValue(() => generateCreditCode(rng.next, region), codes), name, kinds,
        origin: outside ? 'out_of_province' : 'local', registered_place: registeredPlace,
        entered_on: outside ? beijingDay(addDays(now, -rng.int(60, 2_500))) : null,
        legal_representative: personName(rng), contact_name: personName(rng), contact_phone: `1${rng.pick(['3', '5', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
        address: outside ? `${registeredPlace}${roadName(rng)}${rng.int(1, 999)}号` : `${district.name}${roadName(rng)}${rng.int(1, 999)}号`,
      })
      for (const item of kinds) pool[item as EnterpriseKind].push({ id, name, districtId: outside ? null : district.id })
      let held = 0
      for (const [category, grades] of QUALIFICATIONS[kind] ?? []) {
        if (held++ > 0 && rng.chance(0.5)) continue
        // Most are valid for years; some run out within two months and a few have lapsed.
        const validDays = rng.weighted([[rng.int(90, 1_800), 85], [rng.int(1, 60), 10], [-rng.int(1, 200), 5]] as const)
        qualifications.push({
          enterprise_id: id, category, grade: rng.pick(grades), certificate_no: `D${region.slice(0, 2)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
          scope: category, valid_until: beijingDay(addDays(now, validDays)),
        })
      }
    }
  }
  await insertMany(db, 'enterprises', rows)
  await insertMany(db, 'enterprise_qualifications', qualifications)
  return pool
}

export type SeededParty = { role: PartyRole; enterprise_id: number | null; recorded_name: string }

/** A firm from the pool, busier firms first: a few contractors run many sites, most run a handful. */
function pickFirm(rng: Rng, firms: PooledFirm[]): PooledFirm {
  return firms[Math.floor(firms.length * rng.next() ** 1.6)]
}

/** The name as an office might have typed it: close to the registered one, but not it. */
function misspelt(rng: Rng, name: string): string {
  return rng.chance(0.5) ? name.replace(/有限公司$/, '有限责任公司') : name.replace(/有限公司$/, '公司')
}

/**
 * A site's parties drawn from the pool. Small temporary works often have no surveyor, designer or supervisor.
 * About 1% of recorded names are spelt differently from the registry and stay unmatched, for an admin to resolve.
 */
export function pickSiteParties(rng: Rng, pool: EnterprisePool, smallWork: boolean): SeededParty[] {
  const roles: PartyRole[] = ['owner', 'contractor']
  if (!smallWork) roles.push('surveyor', 'designer')
  if (!smallWork || rng.chance(0.4)) roles.push('supervisor')
  return roles.map((role) => {
    const firm = pickFirm(rng, pool[role])
    return rng.chance(0.01)
      ? { role, enterprise_id: null, recorded_name: misspelt(rng, firm.name) }
      : { role, enterprise_id: firm.id, recorded_name: firm.name }
  })
}
