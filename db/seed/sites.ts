import type { Position } from 'geojson'
import type { SeedGeography } from './geography.ts'
import { type Area, inArea, offsetMeters, pointWkt, polygonWkt, rotatedRectangle } from './geometry.ts'
import { type EnterprisePool, pickSiteParties, type SeededParty } from './enterprises.ts'
import { projectName, railProjectName, roadName } from './names.ts'
import type { Rng } from './random.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'

export type SiteKind = 'housing' | 'municipal' | 'rail_transit' | 'small_temporary'
export type SiteStage = 'earthworks' | 'main_structure' | 'finishing' | 'completed'

export interface PlacedDistrict { id: number; adcode: number; name: string; shortName: string; seat: Position; coreKm: number; siteShare: number; area: Area }
export interface PlacedTownship { id: number; adcode: number; shortName: string; seed: Position }

/** What the generator knows of the city once districts and townships are in the database. */
export interface CityFrame {
  districts: PlacedDistrict[]
  townships: PlacedTownship[]
  lakes: Area[]
  metroLines: SeedGeography['metroLines']
  now: Date
  enterprises: EnterprisePool
}

export interface GeneratedSite {
  row: {
    id: number; code: string; name: string; kind: SiteKind; stage: SiteStage; district_id: number; address: string
    location: string; footprint: string | null; floor_area_m2: number; contract_value_wan: number
    start_date: string; planned_end_date: string; responsibility_docs_ok: boolean; standardization_score: number | null
  }
  /** Its rows of site_parties: the registry's firms by role, a few with names left unmatched. */
  parties: (SeededParty & { site_id: number })[]
  /** Kept for the record generator: cameras are placed on this ring. */
  ring: Position[] | null
  center: Position
  start: Date
}

const STAGE_WEIGHTS = [['earthworks', 20], ['main_structure', 35], ['finishing', 25], ['completed', 20]] as const
const KIND_WEIGHTS = [['housing', 58], ['municipal', 24], ['small_temporary', 18]] as const
/** Months since start, by stage: how long a project has typically been running when it is in that stage. */
const STAGE_AGE_MONTHS: Record<SiteStage, [number, number]> = {
  earthworks: [0.5, 6], main_structure: [4, 18], finishing: [12, 30], completed: [20, 40],
}

/** Every `railEvery`-th site is a rail-transit work at or between the real metro stations. */
export function railInterval(siteCount: number, frame: CityFrame): number {
  const segments = frame.metroLines.reduce((n, line) => n + line.stations.length - 1, 0)
  const railSites = Math.min(Math.round(siteCount * 0.06), segments * 2)
  return railSites > 0 ? Math.ceil(siteCount / railSites) : Infinity
}

export function generateSite(rng: Rng, frame: CityFrame, id: number, isRail: boolean): GeneratedSite {
  const placed = (isRail && placeRailWork(rng, frame)) || placeBuildingWork(rng, frame)
  const township = nearestTownship(frame, placed.district.adcode, placed.center)
  const stage = rng.weighted(STAGE_WEIGHTS)
  const [minAge, maxAge] = STAGE_AGE_MONTHS[stage]
  const start = addDays(frame.now, -Math.round(rng.range(minAge, maxAge) * 30.4))
  const durationDays = Math.round(rng.range(12, 40) * 30.4)
  const end = stage === 'completed' ? addDays(frame.now, -rng.int(5, 120)) : addDays(start, durationDays)
  const place = township?.shortName ?? placed.district.shortName
  const contractValue = Math.round(placed.contractValue)
  const parties = pickSiteParties(rng, frame.enterprises, placed.kind === 'small_temporary')
  return {
    row: {
      id,
      code: `${placed.district.adcode}${beijingDay(start).slice(0, 7).replace('-', '')}${String(id).padStart(6, '0')}`,
      name: placed.name ?? projectName(rng, placed.kind, place),
      kind: placed.kind,
      stage,
      district_id: placed.district.id,
      address: `${placed.district.name}${place}${roadName(rng)}${rng.int(1, 999)}号`,
      location: pointWkt(placed.center),
      footprint: placed.ring ? polygonWkt(placed.ring) : null,
      floor_area_m2: Math.round(placed.floorArea),
      contract_value_wan: contractValue,
      start_date: beijingDay(start),
      planned_end_date: beijingDay(end < start ? start : end),
      responsibility_docs_ok: rng.chance(0.93),
      standardization_score: rng.chance(0.86) ? Math.round(Math.min(99, Math.max(52, rng.normal(83, 7))) * 10) / 10 : null,
    },
    parties: parties.map((p) => ({ site_id: id, ...p })),
    ring: placed.ring,
    center: placed.center,
    start,
  }
}

interface Placement {
  kind: SiteKind
  district: PlacedDistrict
  center: Position
  ring: Position[] | null
  floorArea: number
  contractValue: number
  name?: string
}

function placeBuildingWork(rng: Rng, frame: CityFrame): Placement {
  const district = rng.weighted(frame.districts.map((d) => [d, d.siteShare] as const))
  const center = pointInDistrict(rng, frame, district)
  const kind = rng.weighted(KIND_WEIGHTS)
  const angle = rng.range(0, 180)
  if (kind === 'housing') {
    const floorArea = Math.min(400_000, Math.max(4_000, rng.logNormal(55_000, 0.8)))
    const land = floorArea / rng.range(1.6, 3.2)
    const aspect = rng.range(1, 2)
    const width = Math.sqrt(land * aspect)
    return { kind, district, center, floorArea, ring: rotatedRectangle(center, width, land / width, angle), contractValue: floorArea * rng.range(0.28, 0.45) }
  }
  if (kind === 'municipal') {
    const ring = rotatedRectangle(center, rng.range(300, 1800), rng.range(25, 50), angle)
    return { kind, district, center, floorArea: 0, ring, contractValue: rng.logNormal(9_000, 0.9) }
  }
  const floorArea = rng.range(150, 2_500)
  const side = Math.sqrt(floorArea * rng.range(1.2, 2.5))
  const ring = rng.chance(0.6) ? rotatedRectangle(center, side, side * rng.range(0.6, 1), angle) : null
  return { kind, district, center, floorArea, ring, contractValue: rng.range(20, 600) }
}

/** Urban cores are dense: most sites cluster around the district seat, the rest spread over the district. */
function pointInDistrict(rng: Rng, frame: CityFrame, district: PlacedDistrict): Position {
  for (;;) {
    const [minX, minY, maxX, maxY] = district.area.bbox
    const point = rng.chance(0.72)
      ? offsetMeters(district.seat, rng.normal(0, district.coreKm * 1000), rng.normal(0, district.coreKm * 1000))
      : [rng.range(minX, maxX), rng.range(minY, maxY)]
    if (inArea(district.area, point) && !frame.lakes.some((lake) => inArea(lake, point))) return point
  }
}

function placeRailWork(rng: Rng, frame: CityFrame): Placement | null {
  const line = rng.pick(frame.metroLines)
  const i = rng.int(0, line.stations.length - 2)
  const [a, b] = [line.stations[i], line.stations[i + 1]]
  const bearing = (Math.atan2(b.coord[1] - a.coord[1], (b.coord[0] - a.coord[0]) * Math.cos((31.3 * Math.PI) / 180)) * 180) / Math.PI
  const atStation = rng.chance(0.5)
  const center = atStation ? a.coord : [(a.coord[0] + b.coord[0]) / 2, (a.coord[1] + b.coord[1]) / 2]
  const district = frame.districts.find((d) => inArea(d.area, center))
  if (!district) return null
  const ring = atStation ? rotatedRectangle(center, 220, 30, bearing) : rotatedRectangle(center, rng.range(500, 1200), 14, bearing)
  return {
    kind: 'rail_transit',
    district,
    center,
    ring,
    floorArea: atStation ? rng.range(15_000, 40_000) : 0,
    contractValue: rng.logNormal(80_000, 0.5),
    name: atStation ? railProjectName(line.name, a.name) : railProjectName(line.name, a.name, b.name),
  }
}

/** Townships are Voronoi cells of their seeds, so the nearest seed is the township that contains the point. */
function nearestTownship(frame: CityFrame, adcode: number, point: Position): PlacedTownship | undefined {
  let best: PlacedTownship | undefined
  let bestDistance = Infinity
  for (const township of frame.townships) {
    if (township.adcode !== adcode) continue
    const distance = (township.seed[0] - point[0]) ** 2 + (township.seed[1] - point[1]) ** 2
    if (distance < bestDistance) [best, bestDistance] = [township, distance]
  }
  return best
}
