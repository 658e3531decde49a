import type { Position } from 'geojson'
import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import type { SeedGeography } from './geography.ts'
import { type Area, inArea, offsetMeters, pointWkt, toArea } from './geometry.ts'
import type { Rng } from './random.ts'
import type { PlacedDistrict, PlacedTownship } from './sites.ts'

/*
 * The parts of the city that are geometry operations: done in PostGIS, identically on both engines.
 * Every overlay (intersection, union, difference) passes a grid size (1e-9°, ~0.1 mm): fixed-precision overlay
 * never needs GEOS's exception-driven fallback, which in PGlite's WASM build fails *silently* (the statement
 * returns no rows and raises no error).
 */

const multiPolygonOutline = (outline: Area) =>
  JSON.stringify(outline.geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [outline.geometry.coordinates] } : outline.geometry)

/** Real boundaries where we have them; otherwise Voronoi cells of the seats clipped to the city outline. */
export async function insertDistricts(db: Kysely<any>, geography: SeedGeography): Promise<PlacedDistrict[]> {
  const outline = multiPolygonOutline(geography.outline)
  for (const d of geography.districts) {
    const geom = d.area
      ? sql`ST_Multi(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(d.area.geometry)}), 4326)))`
      : sql`(SELECT ST_Multi(ST_CollectionExtract(ST_Intersection(cell, ST_SetSRID(ST_GeomFromGeoJSON(${outline}), 4326), 1e-9), 3))
             FROM (SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(seat), 0, ST_SetSRID(ST_GeomFromGeoJSON(${outline}), 4326)))).geom AS cell
                   FROM (VALUES ${sql.join(geography.districts.map((s) => sql`(ST_SetSRID(ST_MakePoint(${s.seat[0]}, ${s.seat[1]}), 4326))`))}) AS seats(seat)) cells
             WHERE ST_Contains(cell, ST_SetSRID(ST_MakePoint(${d.seat[0]}, ${d.seat[1]}), 4326)))`
    await db.insertInto('districts').values({
      adcode: d.adcode, name: d.name, name_en: d.nameEn, functional_zone: d.functionalZone,
      seat: pointWkt(d.seat), geom,
    }).execute()
  }
  const rows = await db.selectFrom('districts').select(['id', 'adcode', sql<string>`ST_AsGeoJSON(geom, 6)`.as('geojson')]).execute()
  return geography.districts.map((d) => {
    const row = rows.find((r) => r.adcode === d.adcode)!
    return { id: row.id, adcode: d.adcode, name: d.name, shortName: d.shortName, seat: d.seat, coreKm: d.coreKm, siteShare: d.siteShare, area: toArea(JSON.parse(row.geojson)) }
  })
}

/**
 * No open township boundaries exist, so each district is partitioned into its real townships as Voronoi cells
 * of seed points: streets (街道) near the urban core, towns (镇) spread over the district. Cells clipped to the
 * district tile it without gaps or overlaps.
 */
export async function insertTownships(db: Kysely<any>, rng: Rng, geography: SeedGeography, districts: PlacedDistrict[]): Promise<PlacedTownship[]> {
  const seeds = geography.townships.map((t) => {
    const district = districts.find((d) => d.adcode === t.adcode)!
    const urban = t.name.endsWith('街道')
    return { ...t, district, seed: seedPoint(rng, district, urban) }
  })
  await sql`CREATE TEMP TABLE township_seeds (code text, name text, district_id integer, pt geometry) ON COMMIT DROP`.execute(db)
  await insertMany(db, 'township_seeds', seeds.map((s) => ({ code: s.code, name: s.name, district_id: s.district.id, pt: pointWkt(s.seed) })))
  await sql`
    INSERT INTO townships (code, name, district_id, geom)
    SELECT s.code, s.name, s.district_id, ST_Multi(ST_CollectionExtract(ST_Intersection(d.geom, c.cell, 1e-9), 3))
    FROM (SELECT district_id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(pt), 0,
            (SELECT ST_Expand(geom, 0.05) FROM districts WHERE id = district_id)))).geom AS cell
          FROM township_seeds GROUP BY district_id) c
    JOIN township_seeds s ON s.district_id = c.district_id AND ST_Contains(c.cell, s.pt)
    JOIN districts d ON d.id = s.district_id`.execute(db)
  await absorbGaps(db, 'townships', 'districts', 'district_id')
  const ids = await db.selectFrom('townships').select(['id', 'code']).execute()
  return seeds.map((s) => ({ id: ids.find((r) => r.code === s.code)!.id, adcode: s.adcode, shortName: s.shortName, seed: s.seed }))
}

function seedPoint(rng: Rng, district: PlacedDistrict, urban: boolean): Position {
  const [minX, minY, maxX, maxY] = district.area.bbox
  for (;;) {
    const spread = district.coreKm * 1000 * 1.5
    const point = urban ? offsetMeters(district.seat, rng.normal(0, spread), rng.normal(0, spread)) : [rng.range(minX, maxX), rng.range(minY, maxY)]
    if (inArea(district.area, point)) return point
  }
}

/**
 * Grids subdivide townships in proportion to their sites (dense cores get small grids), as Voronoi cells of
 * sites chosen as seeds, padded with random points where a township has too few sites. Then every site is
 * placed in the grid that covers it.
 */
export async function insertGrids(db: Kysely<any>, targetGrids: number): Promise<void> {
  await sql`
    CREATE TEMP TABLE grid_seeds ON COMMIT DROP AS
    WITH counts AS (
      SELECT t.id, t.geom, t.district_id, count(s.id) AS n
      FROM townships t LEFT JOIN sites s ON s.district_id = t.district_id AND ST_Covers(t.geom, s.location)
      GROUP BY t.id),
    alloc AS (SELECT id, geom, district_id, greatest(2, round(${targetGrids}::float8 * n / greatest(1, sum(n) OVER ())))::int AS k FROM counts),
    site_seeds AS (
      SELECT a.id AS township_id, s.location AS pt, row_number() OVER (PARTITION BY a.id ORDER BY md5(s.id::text)) AS rn, a.k
      FROM alloc a JOIN sites s ON s.district_id = a.district_id AND ST_Covers(a.geom, s.location))
    SELECT township_id, pt FROM site_seeds WHERE rn <= k
    UNION ALL
    SELECT a.id, (ST_Dump(ST_GeneratePoints(a.geom, a.k - coalesce(c.n, 0)::int, 20211))).geom
    FROM alloc a LEFT JOIN (SELECT township_id, count(*) AS n FROM site_seeds WHERE rn <= k GROUP BY township_id) c ON c.township_id = a.id
    WHERE a.k > coalesce(c.n, 0)`.execute(db)
  await sql`
    INSERT INTO grids (code, name, township_id, district_id, geom)
    SELECT t.code || '-' || lpad(row_number() OVER w::text, greatest(2, length(row_number() OVER w::text)), '0'),  -- lpad alone truncates past 99
           t.name || '第' || row_number() OVER w || '网格', t.id, t.district_id, cells.geom
    FROM (SELECT township_id, ST_Multi(ST_CollectionExtract(ST_Intersection(t.geom, c.cell, 1e-9), 3)) AS geom, ST_Centroid(c.cell) AS centre
          FROM (SELECT township_id, (ST_Dump(ST_VoronoiPolygons(ST_Collect(pt), 0, (SELECT ST_Expand(geom, 0.05) FROM townships WHERE id = township_id)))).geom AS cell
                FROM grid_seeds GROUP BY township_id) c
          JOIN townships t ON t.id = c.township_id) cells
    JOIN townships t ON t.id = cells.township_id
    WHERE NOT ST_IsEmpty(cells.geom)
    WINDOW w AS (PARTITION BY t.id ORDER BY ST_Y(cells.centre) DESC, ST_X(cells.centre))`.execute(db)
  await absorbGaps(db, 'grids', 'townships', 'township_id')
  await assignSitesToGrids(db)
}

async function assignSitesToGrids(db: Kysely<any>): Promise<void> {
  await sql`
    UPDATE sites s SET grid_id = g.id
    FROM (SELECT DISTINCT ON (s.id) s.id AS site_id, g.id FROM sites s
          JOIN grids g ON g.district_id = s.district_id AND ST_Covers(g.geom, s.location) ORDER BY s.id, g.id) g
    WHERE g.site_id = s.id`.execute(db)
  // Floating-point slivers between clipped cells can leave a point in no cell: take the nearest grid of its district.
  await sql`
    UPDATE sites s SET grid_id = (SELECT g.id FROM grids g WHERE g.district_id = s.district_id ORDER BY g.geom <-> s.location LIMIT 1)
    WHERE s.grid_id IS NULL`.execute(db)
}

/**
 * GEOS occasionally leaves slivers (up to ~0.3 km² seen) uncovered when clipping Voronoi cells to a concave parent.
 * Each leftover piece joins the nearest child, so the children tile their parent exactly.
 */
async function absorbGaps(db: Kysely<any>, child: string, parent: string, parentKey: string): Promise<void> {
  await sql`
    UPDATE ${sql.table(child)} c SET geom = ST_Multi(ST_CollectionExtract(ST_Union(c.geom, gaps.geom, 1e-9), 3))
    FROM (SELECT child_id, ST_Union(piece, 1e-9) AS geom
          FROM (SELECT p.piece, (SELECT x.id FROM ${sql.table(child)} x WHERE x.${sql.ref(parentKey)} = p.parent_id
                                 ORDER BY ST_Distance(x.geom, p.piece), x.id LIMIT 1) AS child_id
                FROM (SELECT pa.id AS parent_id, (ST_Dump(ST_Difference(pa.geom,
                        (SELECT ST_Union(x.geom, 1e-9) FROM ${sql.table(child)} x WHERE x.${sql.ref(parentKey)} = pa.id), 1e-9))).geom AS piece
                      FROM ${sql.table(parent)} pa) p
                WHERE ST_Dimension(p.piece) = 2) pieces
          GROUP BY child_id) gaps
    WHERE c.id = gaps.child_id`.execute(db)
}

/** PGlite can fail an overlay without raising (see above), so the seed checks that its geography came out whole. */
export async function assertCityIsWhole(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ ungridded: number; empty_townships: number; grid_area: number; district_area: number }>`
    SELECT (SELECT count(*) FROM sites WHERE grid_id IS NULL)::int AS ungridded,
           (SELECT count(*) FROM townships t WHERE NOT EXISTS (SELECT 1 FROM grids g WHERE g.township_id = t.id))::int AS empty_townships,
           (SELECT sum(ST_Area(geom)) FROM grids) AS grid_area, (SELECT sum(ST_Area(geom)) FROM districts) AS district_area`.execute(db)
  const c = rows[0]
  if (c.ungridded > 0 || c.empty_townships > 0 || Math.abs(c.grid_area / c.district_area - 1) > 1e-4) {
    throw new Error(`seeded geography is incomplete: ${JSON.stringify(c)}`)
  }
}
