import gcoord from 'gcoord'
import proj4 from 'proj4'
import type { LonLat } from './datum.ts'

/*
 * The coordinate systems an office's file may be in, and the one way each reaches WGS-84. Offsets come from tested
 * libraries (gcoord for GCJ-02/BD-09, proj4 for the Gauss–Krüger grid), never from a formula of ours.
 *
 * CGCS2000 is the national datum; its geographic coordinates differ from WGS-84 by centimetres (its ellipsoid,
 * GRS80, is within 0.1 mm of WGS-84's at the surface), far below any site's footprint, so it passes unchanged.
 * Suzhou's survey offices work on the CGCS2000 3-degree Gauss–Krüger zone with its central meridian at 120°E
 * (EPSG:4549), in metres, with no zone number in the easting.
 */
export const IMPORT_CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'cgcs2000_gk120'] as const
export type ImportCrs = (typeof IMPORT_CRS)[number]

const GK120 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'
const gk120ToLonLat = proj4(GK120, 'EPSG:4326')

export function toWgs84(position: LonLat, crs: ImportCrs): LonLat {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000': return position
    case 'gcj02': return gcoord.transform(position, gcoord.GCJ02, gcoord.WGS84) as LonLat
    case 'bd09': return gcoord.transform(position, gcoord.BD09, gcoord.WGS84) as LonLat
    case 'cgcs2000_gk120': return gk120ToLonLat.forward(position) as LonLat
  }
}

/** A generous box around Suzhou: the exact test is the district boundaries, in the database. */
export const CITY_BOUNDS = { minLon: 119.8, maxLon: 121.5, minLat: 30.6, maxLat: 32.2 }

export function inCityBounds([lon, lat]: LonLat): boolean {
  return lon >= CITY_BOUNDS.minLon && lon <= CITY_BOUNDS.maxLon && lat >= CITY_BOUNDS.minLat && lat <= CITY_BOUNDS.maxLat
}

export type PositionProblem = 'not_a_number' | 'out_of_range' | 'swapped' | 'outside_city'

/** What is wrong with a position already in WGS-84 degrees, or null. Swapped means lat,lon would be in the city. */
export function positionProblem(position: LonLat): PositionProblem | null {
  const [lon, lat] = position
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return 'not_a_number'
  if (inCityBounds(position)) return null
  if (inCityBounds([lat, lon])) return 'swapped'
  return Math.abs(lon) > 180 || Math.abs(lat) > 90 ? 'out_of_range' : 'outside_city'
}

export interface CrsGuess { crs: ImportCrs; reason: string; certain: boolean }

const HINTS: [RegExp, ImportCrs][] = [
  [/gcj|高德|amap|腾讯|tencent|火星/i, 'gcj02'],
  [/bd-?09|baidu|百度/i, 'bd09'],
  [/cgcs-?2000|国家大地|\b4490\b/i, 'cgcs2000'],
  [/wgs-?84|gps|\b4326\b/i, 'wgs84'],
]

/**
 * A guess the importer shows for the user to confirm: a hint in the column names (or, less sure, the file name) wins;
 * otherwise eastings in the hundreds of thousands are the Gauss–Krüger grid; otherwise degrees are taken as WGS-84.
 * GCJ-02 cannot be told from WGS-84 by the numbers (the shift is ~500 m), so it needs a hint or the user's word.
 */
export function guessCrs(columns: string[], sample: LonLat[], fileName = ''): CrsGuess {
  // A column named for its CRS is the office's word; a file name only suggests, and the user confirms.
  for (const [hint, certain] of [...columns.map((c) => [c, true] as const), [fileName, false] as const]) {
    const match = HINTS.find(([pattern]) => pattern.test(hint))
    if (match) return { crs: match[1], reason: `“${hint}”`, certain }
  }
  const finite = sample.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
  // Easting and northing in either order: survey offices write X for the northing.
  const gauss = (e: number, n: number) => e > 100_000 && e < 900_000 && n > 2_000_000 && n < 6_000_000
  const metric = finite.filter(([x, y]) => gauss(x, y) || gauss(y, x))
  if (finite.length > 0 && metric.length > finite.length / 2) return { crs: 'cgcs2000_gk120', reason: 'coordinates in metres', certain: false }
  return { crs: 'wgs84', reason: 'coordinates in degrees, no hint of GCJ-02 or BD-09', certain: false }
}

/** The CRS named by a GeoJSON `crs` member or a shapefile's .prj text, if it is one we know. */
export function crsFromDeclaration(text: string): ImportCrs | null {
  if (/4549|CM[ _]?120|Gauss.*120/i.test(text) && /2000/.test(text) && /proj|tmerc|Transverse|Gauss|4549/i.test(text)) return 'cgcs2000_gk120'
  if (/4490|China_Geodetic_Coordinate_System_2000|CGCS.?2000/i.test(text)) return 'cgcs2000'
  if (/4326|CRS84|WGS.?84|WGS_1984/i.test(text)) return 'wgs84'
  return null
}
