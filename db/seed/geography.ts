import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson'
import { type Area, toArea } from './geometry.ts'
import { standInGeography } from './stand-in.ts'

/** Everything the city generator needs to know about the real city, from whichever source was available. */
export interface SeedGeography {
  source: 'geodata' | 'stand-in'
  districts: DistrictSeed[]
  outline: Area
  lakes: Area[]
  /** Named water for the basemap: the lakes above and river centrelines. */
  water: { name: string; kind: 'lake' | 'river'; geometry: Polygon | LineString }[]
  townships: TownshipSeed[]
  metroLines: { name: string; stations: { name: string; coord: Position }[] }[]
  aqStations: { code: string; name: string; area: string; isReference: boolean; coord: Position }[]
}

export interface DistrictSeed {
  adcode: number
  name: string
  nameEn: string
  shortName: string
  functionalZone: boolean
  seat: Position
  /** Share of the city's construction sites; urban cores and growth districts build most. */
  siteShare: number
  /** Spread (km) of the urban core around the seat. */
  coreKm: number
  /** Absent in the stand-in geography: the seeder then derives boundaries from the seats. */
  area?: Area
}

export interface TownshipSeed {
  code: string
  name: string
  shortName: string
  adcode: number
}

/** Facts about each district that the third-party files do not carry. */
export const DISTRICT_PROFILES: Record<number, Omit<DistrictSeed, 'adcode' | 'name' | 'seat' | 'area'>> = {
  320505: { nameEn: 'Huqiu (SND)', shortName: '虎丘', functionalZone: false, siteShare: 0.1, coreKm: 4 },
  320506: { nameEn: 'Wuzhong', shortName: '吴中', functionalZone: false, siteShare: 0.12, coreKm: 5 },
  320507: { nameEn: 'Xiangcheng', shortName: '相城', functionalZone: false, siteShare: 0.09, coreKm: 4.5 },
  320508: { nameEn: 'Gusu', shortName: '姑苏', functionalZone: false, siteShare: 0.08, coreKm: 2.2 },
  320509: { nameEn: 'Wujiang', shortName: '吴江', functionalZone: false, siteShare: 0.1, coreKm: 5 },
  320571: { nameEn: 'Suzhou Industrial Park', shortName: '园区', functionalZone: true, siteShare: 0.13, coreKm: 4.5 },
  320581: { nameEn: 'Changshu', shortName: '常熟', functionalZone: false, siteShare: 0.09, coreKm: 4.5 },
  320582: { nameEn: 'Zhangjiagang', shortName: '张家港', functionalZone: false, siteShare: 0.08, coreKm: 4.5 },
  320583: { nameEn: 'Kunshan', shortName: '昆山', functionalZone: false, siteShare: 0.13, coreKm: 5.5 },
  320585: { nameEn: 'Taicang', shortName: '太仓', functionalZone: false, siteShare: 0.08, coreKm: 4 },
}

// SIP is a functional zone, not a statutory county: AreaCity files its streets under 姑苏区 (see SOURCES.md §0).
const SIP_TOWNSHIPS = /娄葑|斜塘|唯亭|胜浦|苏州工业园区/

export function loadGeography(dir: string | undefined): SeedGeography {
  if (!dir || !existsSync(path.join(dir, 'suzhou_districts_datav2020_wgs84.geojson'))) return standInGeography()
  const read = <G extends FeatureCollection>(file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as G
  const districts = read<FeatureCollection<MultiPolygon>>('suzhou_districts_datav2020_wgs84.geojson').features.map(
    (f): DistrictSeed => {
      const adcode = Number(f.properties!.adcode)
      return { adcode, name: f.properties!.name, seat: f.properties!.center, area: toArea(f.geometry), ...DISTRICT_PROFILES[adcode] }
    },
  )
  const outline = read<FeatureCollection<Polygon>>('suzhou_city_outline_datav2020_wgs84.geojson').features[0]
  const waterFeatures = read<FeatureCollection<Polygon | LineString>>('suzhou_water_naturalearth10m_wgs84.geojson').features
  const lakes = waterFeatures.filter((f): f is Feature<Polygon> => f.geometry.type === 'Polygon')
  return {
    source: 'geodata',
    districts,
    outline: toArea(outline.geometry),
    lakes: lakes.map((f) => toArea(f.geometry)),
    water: waterFeatures.map((f) => ({
      // Natural Earth leaves Yangcheng Lake and the Wusong River unnamed; SOURCES.md infers the names from location.
      name: f.properties!.name_zh ?? String(f.properties!.name_zh_inferred ?? '').split(' ')[0],
      kind: f.geometry.type === 'Polygon' ? 'lake' : 'river',
      geometry: f.geometry,
    })),
    townships: readTownships(path.join(dir, 'suzhou_townships_list_areacity.csv')),
    metroLines: readMetroLines(read('suzhou_metro_lines_stationseq_amap_wgs84.geojson'), read('suzhou_metro_stations_amap_wgs84.geojson')),
    aqStations: read<FeatureCollection<Point>>('suzhou_aq_stations_cnemc.geojson').features.map((f) => ({
      code: f.properties!.station_code,
      name: f.properties!.station_name,
      area: f.properties!.city,
      isReference: Boolean(f.properties!.is_reference_site),
      coord: f.geometry.coordinates,
    })),
  }
}

function readTownships(file: string): TownshipSeed[] {
  // A plain CSV of codes and names with no quoting or embedded commas (SOURCES.md §7).
  const [, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/)
  return rows.map((row) => {
    const [code, name, shortName, , county] = row.split(',')
    return { code, name, shortName, adcode: SIP_TOWNSHIPS.test(name) ? 320571 : Number(county) }
  })
}

/** Lines are stored as straight segments between stations; we keep the station sequence with names. */
function readMetroLines(lines: FeatureCollection<LineString>, stations: FeatureCollection<Point>): SeedGeography['metroLines'] {
  const nameAt = new Map(stations.features.map((f) => [f.geometry.coordinates.join(','), f.properties!.name_zh as string]))
  return lines.features.map((line) => ({
    name: line.properties!.line_name,
    stations: line.geometry.coordinates.map((coord) => ({ name: nameAt.get(coord.join(',')) ?? '', coord })),
  }))
}
