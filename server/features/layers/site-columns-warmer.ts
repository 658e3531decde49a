import type { AppDeps } from '../../deps.ts'
import { CITY_SCOPE } from '../../domain/roles.ts'
import { SITE_TILES_ABOVE } from '../../domain/site-columns.ts'
import { keptLayerCounts } from '../tiles/layer-counts.ts'
import { keptSiteColumns, siteColumnsKey } from './layer-bodies.ts'
import { siteColumns } from './layers.repo.ts'

/*
 * The city's unfiltered site columns are what the wall and every city-wide map open with, and at 100,000 sites they
 * take 0.6 s to render. They are rendered into the layer cache at start, and again once changes settle after a
 * notice dropped them, so that the first screen to ask after a start or an import does not wait for them.
 */

export interface SiteColumnsWarmer { stop(): Promise<void> }

export interface WarmerOptions {
  /** How long after the last drop to render again: an import's notices come in bursts, and one render should follow them. */
  settleMs: number
  onError: (error: unknown) => void
}

/** Starts warming in the background (it never delays the caller); `stop` waits for a render in flight. */
export function startSiteColumnsWarmer({ db, refresher, tiles }: Pick<AppDeps, 'db' | 'refresher' | 'tiles'>, { settleMs, onError }: WarmerOptions): SiteColumnsWarmer {
  const key = siteColumnsKey({}, CITY_SCOPE)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | null = null
  let again = false
  let stopped = false

  const schedule = () => {
    if (stopped) return
    clearTimeout(timer)
    timer = setTimeout(warm, settleMs)
  }
  async function attempt() {
    // Without the cache's notices nothing would say when the body went stale, so the cache keeps nothing: nor do we.
    if (!(await tiles.ready())) return
    // A city the map draws from tiles never asks for its columns: rendering them would be seconds of work, again
    // after every settled change, for a body too large to keep anyway. The counts, kept, are the catalog's too.
    if ((await keptLayerCounts(db, tiles, CITY_SCOPE)).sites > SITE_TILES_ABOVE) return
    const startedAt = tiles.generation()
    // Scored before rendering, as a request would be; the rescoring's own notices count as changes below.
    await refresher.refresh()
    await keptSiteColumns(tiles, key, () => siteColumns(db, { scope: CITY_SCOPE }))
    // A change during the render keeps it from being kept (or drops it right after): try again once changes settle.
    if (tiles.generation() !== startedAt) again = true
  }
  function warm() {
    if (running) { again = true; return }
    running = attempt().catch(onError).finally(() => {
      running = null
      if (again) { again = false; schedule() }
    })
  }

  const unsubscribe = tiles.onBodyDropped((dropped) => { if (dropped === key) schedule() })
  warm()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      unsubscribe()
      await running
    },
  }
}
