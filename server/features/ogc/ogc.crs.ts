import { z } from '@hono/zod-openapi'
import { AppError } from '../../errors.ts'
import type { Bbox } from './ogc.collections.repo.ts'

/*
 * OGC API – Features Part 2 (coordinate reference systems by reference): the CRSs features are served in and a bbox
 * may be given in. CGCS2000 (EPSG:4490) and its 3° Gauss-Krüger zone at 120°E (EPSG:4549) are what the city's
 * surveying and planning offices work in. Coordinates follow each CRS's own axis order as EPSG defines it: latitude
 * before longitude for EPSG:4326 and 4490, northing before easting for 4549; only CRS84 is longitude first.
 */

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const epsg = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`

export interface OgcCrs {
  uri: string
  srid: number
  /** EPSG's axis order: latitude or northing first. */
  northFirst: boolean
  /** Decimals written: 6 for degrees (~0.1 m), 3 for metres. */
  digits: number
  geographic: boolean
  /** East/north bounds a coordinate must keep to: the world in degrees, or the Gauss-Krüger zone's plane in metres. */
  bounds: [number, number, number, number]
}

const WORLD: OgcCrs['bounds'] = [-180, -90, 180, 90]
// A 3° zone's eastings stay within a few hundred kilometres of its 500 km false easting; northings are positive here.
const ZONE_PLANE: OgcCrs['bounds'] = [0, 0, 1_000_000, 10_000_000]

export const SUPPORTED_CRS: readonly OgcCrs[] = [
  { uri: CRS84, srid: 4326, northFirst: false, digits: 6, geographic: true, bounds: WORLD },
  { uri: epsg(4326), srid: 4326, northFirst: true, digits: 6, geographic: true, bounds: WORLD },
  { uri: epsg(4490), srid: 4490, northFirst: true, digits: 6, geographic: true, bounds: WORLD },
  { uri: epsg(4549), srid: 4549, northFirst: true, digits: 3, geographic: false, bounds: ZONE_PLANE },
]
const URIS = SUPPORTED_CRS.map((c) => c.uri) as [string, ...string[]]

export const crsOf = (uri: string | undefined): OgcCrs => SUPPORTED_CRS.find((c) => c.uri === (uri ?? CRS84))!

const crsParameter = (description: string) => z.enum(URIS).optional().openapi({ description, example: epsg(4549) })
export const OgcCrsParam = crsParameter('The CRS of the features’ coordinates, in its own axis order (default CRS84, longitude/latitude)')
export const OgcBboxCrsParam = crsParameter('The CRS of bbox, in its own axis order (default CRS84)')
export const OgcFilterCrsParam = crsParameter('The CRS of the geometries in filter, in its own axis order (default CRS84)')

/** The numbers of a bbox as given: four, or six with heights (moot here, every geometry is 2D), heights dropped. */
export const OgcBbox = z.string().max(200)
  .transform((text, ctx): [number, number, number, number] => {
    const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
    if ((parts.length !== 4 && parts.length !== 6) || !parts.every(Number.isFinite)) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be 4 numbers (or 6, with heights), in the axis order of bbox-crs (CRS84: minLon,minLat,maxLon,maxLat)' })
      return z.NEVER
    }
    return parts.length === 6 ? [parts[0], parts[1], parts[3], parts[4]] : [parts[0], parts[1], parts[2], parts[3]]
  })
  // Declared as the standard defines it (/req/core/fc-bbox-definition): parsed from text, but an array of numbers.
  .openapi({
    param: { style: 'form', explode: false }, type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 6,
    example: [120.55, 31.25, 120.7, 31.35], description: 'Only features whose geometry intersects the box (in bbox-crs; CRS84 longitude/latitude by default)',
  })

/** A position given in the CRS's own axis order, as east/north (x, y). */
export const eastNorth = (crs: Pick<OgcCrs, 'northFirst'>, first: number, second: number): [number, number] => (crs.northFirst ? [second, first] : [first, second])

/** Whether an east/north position lies in the CRS's area of use (its `bounds`). */
export const withinCrs = (crs: Pick<OgcCrs, 'bounds'>, x: number, y: number): boolean =>
  x >= crs.bounds[0] && x <= crs.bounds[2] && y >= crs.bounds[1] && y <= crs.bounds[3]

/**
 * The box in east/north terms in its CRS. A box may be a line or a point (min = max). A 400 names what is wrong: a
 * box in degrees out of range is most often one given in the other axis order.
 */
export function bboxIn(numbers: [number, number, number, number], crs: OgcCrs): Bbox {
  const [minX, minY] = eastNorth(crs, numbers[0], numbers[1])
  const [maxX, maxY] = eastNorth(crs, numbers[2], numbers[3])
  if (minX > maxX || minY > maxY || !withinCrs(crs, minX, minY) || !withinCrs(crs, maxX, maxY)) {
    const order = crs.northFirst ? (crs.geographic ? 'minLat,minLon,maxLat,maxLon' : 'minNorthing,minEasting,maxNorthing,maxEasting') : 'minLon,minLat,maxLon,maxLat'
    throw new AppError(400, 'invalid_request', `bbox must be ${order} in ${crs.uri}, with min <= max, within ${crs.bounds.join(', ')} (east/north)`,
      [{ path: ['bbox'], message: `expected ${order}` }])
  }
  return { minX, minY, maxX, maxY, srid: crs.srid }
}
