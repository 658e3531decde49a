import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * RFC 7946 §3.1.6: a polygon's exterior ring is counter-clockwise and its holes clockwise. The city's outlines are
 * stored clockwise, so this holds only if every place GeoJSON leaves the server winds them: the map's layers,
 * the exports and the OGC API.
 */

let database: SeededDatabase
let admin: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(400)
  admin = await signIn(createTestApp(database), database.demo('admin'))
})
afterAll(() => database?.dispose())

type Ring = [number, number][]
/** Twice the ring's signed area on the lon/lat plane: positive when it runs counter-clockwise. */
const signedArea = (ring: Ring) => ring.slice(1).reduce((sum, [x, y], i) => sum + (ring[i][0] * y - x * ring[i][1]), 0)

/** Every ring that is wound the wrong way, as `feature id: ring index`, and how many polygons were read. */
function wrongWindings(features: { id?: unknown; geometry: { type: string; coordinates: unknown } | null }[]) {
  const wrong: string[] = []
  let polygons = 0
  for (const { id, geometry } of features) {
    if (!geometry || !/Polygon$/.test(geometry.type)) continue
    const parts = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][]
    for (const rings of parts) {
      polygons++
      rings.forEach((ring, i) => { if ((signedArea(ring) > 0) !== (i === 0)) wrong.push(`${String(id)}: ring ${i}`) })
    }
  }
  return { wrong, polygons }
}

const features = async (path: string) => {
  const res = await admin.request(path)
  expect(res.status, path).toBe(200)
  return (await res.json()).features as Parameters<typeof wrongWindings>[0]
}

describe('polygon winding in GeoJSON (RFC 7946)', () => {
  it('has clockwise outlines in the database, so that the checks below can fail', async () => {
    const { rows: [c] } = await sql<{ districts: number; grids: number }>`SELECT
      (SELECT count(*)::int FROM districts WHERE ST_IsPolygonCW(geom)) AS districts,
      (SELECT count(*)::int FROM grids WHERE ST_IsPolygonCW(geom)) AS grids`.execute(database.db)
    expect(c.districts).toBeGreaterThan(0)
    expect(c.grids).toBeGreaterThan(0)
  })

  it.each([
    '/api/layers/districts', '/api/layers/grids', '/api/layers/key-areas', '/api/layers/demo-zone', '/api/layers/water', '/api/layers/site-footprints?bbox=120.58,31.28,120.66,31.36',
    '/api/exports/layers/districts?format=geojson', '/api/exports/layers/grids?format=geojson', '/api/exports/layers/key-areas?format=geojson',
    '/api/exports/layers/demo-zone?format=geojson', '/api/ogc/collections/grids/items?limit=10000',
  ])('%s winds every exterior ring counter-clockwise and every hole clockwise', async (path) => {
    const { wrong, polygons } = wrongWindings(await features(path))
    expect(polygons).toBeGreaterThan(0)
    expect(wrong).toEqual([])
  })
})
