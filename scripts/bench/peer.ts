/*
 * The peer for street-zoom tiles: tobinbradley/dirt-simple-postgis-http-api, a Fastify service whose MVT
 * route runs one ST_AsMVT statement per request on the table itself. It is not on npm, so its route is rebuilt here
 * as it is written (routes/mvt.js: ST_AsMVTGeom of ST_Transform(geom, 3857) in ST_TileEnvelope, rows found by
 * ST_Intersects with the envelope in the table's SRID, no cache), on Fastify in a process of its own, over the
 * same database and the same tiles as the portal's row. postgres.js stands in for its node-postgres pool; the
 * statement goes as text, unprepared, as node-postgres sends a query without parameters.
 *
 * The peer's tile carries the table's own columns (id, code, kind, stage); the portal's also joins each site's key
 * project and risk grade, which is the work the comparison is about.
 */
import { type ScriptServer, startScriptServer } from './floor.ts'

const PEER_SERVER = `
const postgres = require('postgres')
const sql = postgres(process.env.PEER_DATABASE_URL, { max: 10, prepare: false })
const app = require('fastify')({ logger: false, keepAliveTimeout: 60000 })
const tile = (z, x, y) => \`
  WITH mvtgeom AS (
    SELECT ST_AsMVTGeom(ST_Transform(location, 3857), ST_TileEnvelope(\${z}, \${x}, \${y})) AS geom, id, code, kind, stage
    FROM sites, (SELECT ST_SRID(location) AS srid FROM sites WHERE location IS NOT NULL LIMIT 1) a
    WHERE ST_Intersects(location, ST_Transform(ST_TileEnvelope(\${z}, \${x}, \${y}), srid))
  )
  SELECT ST_AsMVT(mvtgeom.*, 'sites', 4096, 'geom', 'id') AS mvt FROM mvtgeom\`
app.get('/mvt/sites/:z/:x/:y', async (request, reply) => {
  const [z, x, y] = [request.params.z, request.params.x, request.params.y].map(Number)
  if (![z, x, y].every(Number.isInteger)) return reply.code(400).send()
  const [{ mvt }] = await sql.unsafe(tile(z, x, y))
  if (mvt.length === 0) return reply.code(204).send()
  return reply.header('content-type', 'application/x-protobuf').send(mvt)
})
app.listen({ port: 0, host: '127.0.0.1' }).then(() => process.stdout.write(app.server.address().port + '\\n'))`

/** Starts the peer's tile route over `databaseUrl`; its tiles are at `${base}/mvt/sites/{z}/{x}/{y}`. */
export function startPeer(databaseUrl: string): Promise<ScriptServer> {
  return startScriptServer(PEER_SERVER, { PEER_DATABASE_URL: databaseUrl })
}

/** The portal's tile path as the peer's route spells it. */
export const peerTilePath = (portalPath: string) => portalPath.replace(/^\/api\/tiles\/sites\/(\d+)\/(\d+)\/(\d+)\.mvt$/, '/mvt/sites/$1/$2/$3')
