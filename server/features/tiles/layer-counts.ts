import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { primaryReads } from '../../../db/replica-routing.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { TILE_LAYERS, type TileLayer } from '../../domain/tiles.ts'
import { gunzipped, gzipped } from '../../gzip.ts'
import { scopeZone, type TileCache } from './tiles.cache.ts'
import { layerFeatureCount } from './tiles.repo.ts'

export type LayerCounts = Record<TileLayer, number>

/**
 * How many features each tile layer holds in the scope's zone: the catalog's answer, which tells the map whether a
 * layer comes whole or as tiles, so every first map waits on it. Counting 100,000 sites and 358,986 cameras took
 * 0.14–0.79 s of a loaded first map; the counts are kept in the layer cache beside the bodies, dropped by a change
 * notice of any tile layer, and read from the primary (as kept bodies are) so a replica's lag is never kept.
 */
export async function keptLayerCounts(db: Kysely<DB>, tiles: TileCache, scope: SiteScope): Promise<LayerCounts> {
  // Kept as a (tiny) gzipped body, so that it counts in the cache's byte budget like everything else there.
  const body = await tiles.keepBody(`layer-counts@${scopeZone(scope)}`, TILE_LAYERS, async () => {
    const counts = await primaryReads(async () =>
      Object.fromEntries(await Promise.all(TILE_LAYERS.map(async (l) => [l, await layerFeatureCount(db, l, scope)] as const))))
    return { gzip: await gzipped(JSON.stringify(counts)) }
  })
  return JSON.parse(new TextDecoder().decode(await gunzipped(body.gzip))) as LayerCounts
}
