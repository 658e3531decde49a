import { useEffect, useRef, useState } from 'react'
import type { BasemapDatum } from '../../server/domain/datum.ts'
import { ApiError } from '../api.ts'
import type { MapViewport } from './layers/index.ts'
import { CLUSTER_BELOW_ZOOM, type ClusteredSites, type SiteCluster } from './site-clusters.ts'
import { selectRows, type SiteColumns } from './site-columns.ts'
import type { SitesFailure, SitesRequest } from './sites-worker.ts'

/** The page's side of sites-worker.ts: each request a promise of its reply. */
export interface SitesWorker {
  load(url: URL, datum: BasemapDatum): Promise<SiteColumns>
  clusters(columns: SiteColumns, bounds: [number, number, number, number], zoom: number): Promise<ClusteredSites>
  expansionZoom(clusterId: number): Promise<number | null>
  close(): void
}

type Reply = { id: number; error?: SitesFailure; columns?: SiteColumns; indexedBy?: number; clustered?: ClusteredSites; zoom?: number | null }
type Body<K extends SitesRequest['kind']> = Omit<Extract<SitesRequest, { kind: K }>, 'id'>

function startSitesWorker(): SitesWorker {
  const worker = new Worker(new URL('./sites-worker.ts', import.meta.url), { type: 'module' })
  const waiting = new Map<number, { resolve(reply: Reply): void; reject(e: Error): void }>()
  let next = 0
  // The worker keeps one index. Loaded columns are indexed there as they are parsed; these say which request built
  // the index each columns had, and which built the one the worker holds as of its last reply.
  const indexedBy = new WeakMap<SiteColumns, number>()
  let workerIndex = 0
  worker.onmessage = ({ data }: MessageEvent<Reply>) => {
    const pending = waiting.get(data.id)
    waiting.delete(data.id)
    if (data.error) pending?.reject(new ApiError(data.error.status, data.error.code, data.error.message))
    else pending?.resolve(data)
  }
  worker.onerror = (e) => {
    for (const pending of waiting.values()) pending.reject(new Error(e.message || 'the sites worker failed'))
    waiting.clear()
  }
  /** Sends a request: its id (the worker answers in order of ids) and the promise of its reply. */
  const send = <K extends SitesRequest['kind']>(body: Body<K>) => {
    const id = ++next
    const reply = new Promise<Reply>((resolve, reject) => waiting.set(id, { resolve, reject }))
    worker.postMessage({ ...body, id })
    return { id, reply }
  }
  const ask = <K extends SitesRequest['kind']>(body: Body<K>) => send(body).reply
  const sitesWorker: SitesWorker = {
    async load(url, datum) {
      const reply = await ask<'load'>({ kind: 'load', url: url.href, datum })
      indexedBy.set(reply.columns!, workerIndex = reply.indexedBy!)
      return reply.columns!
    },
    async clusters(columns, bounds, zoom) {
      // Columns made on the page (a replayed day), or whose index another's has since replaced, are sent to be
      // indexed (a copy of 2 MB at 100,000 sites); requests are answered in order, so the next one finds it.
      if (indexedBy.get(columns) !== workerIndex) {
        const index = send<'index'>({ kind: 'index', input: { positions: columns.positions, riskScore: columns.riskScore, grade: columns.grade } })
        index.reply.catch(() => { /* a failed worker fails the clusters request below too, which reports it */ })
        indexedBy.set(columns, workerIndex = index.id)
      }
      const reply = await ask<'clusters'>({ kind: 'clusters', bounds, zoom })
      workerIndex = reply.indexedBy!
      // A load that finished in between took the index: ask again, which indexes these columns anew.
      return reply.indexedBy === indexedBy.get(columns) ? reply.clustered! : sitesWorker.clusters(columns, bounds, zoom)
    },
    expansionZoom: async (clusterId) => (await ask<'expand'>({ kind: 'expand', clusterId })).zoom ?? null,
    close: () => worker.terminate(),
  }
  return sitesWorker
}

/** A sites worker for the screen's lifetime; null until it has started. */
export function useSitesWorker(): SitesWorker | null {
  const [worker, setWorker] = useState<SitesWorker | null>(null)
  useEffect(() => {
    const started = startSitesWorker()
    setWorker(started)
    return () => started.close()
  }, [])
  return worker
}

/** What the map draws of the sites: the clusters in view, and the sites that stand alone as columns. */
export interface DrawnClusters { clusters: SiteCluster[]; singles: SiteColumns }

/** The view with half its width and height again on each side, so that a pan shows drawn sites until it settles. */
function aroundView([west, south, east, north]: MapViewport['bounds']): MapViewport['bounds'] {
  const [dx, dy] = [(east - west) / 2, (north - south) / 2]
  return [Math.max(-180, west - dx), Math.max(-90, south - dy), Math.min(180, east + dx), Math.min(90, north + dy)]
}

/**
 * The sites around the view, asked of the worker when the view settles or the sites change: below
 * CLUSTER_BELOW_ZOOM as clusters and lone sites, from there on every site. Only these are drawn. In software WebGL
 * a dot costs about 2 µs a frame whether it is on screen or not, so the 100,000 dots of a whole city drew a street
 * at one frame a second. The last answer stays on screen until the next arrives.
 */
export function useSiteClusters(worker: SitesWorker | null, sites: SiteColumns | undefined, viewport: MapViewport | null): DrawnClusters | null {
  const [drawn, setDrawn] = useState<DrawnClusters | null>(null)
  const latest = useRef(0)
  useEffect(() => {
    const request = ++latest.current
    if (!worker || !sites || !viewport) return setDrawn(null)
    // Past the zoom where clustering stops the index gives every site in the box.
    worker.clusters(sites, aroundView(viewport.bounds), Math.min(viewport.zoom, CLUSTER_BELOW_ZOOM)).then(({ clusters, singles }) => {
      if (request === latest.current) setDrawn({ clusters, singles: selectRows(sites, singles) })
    }, () => { /* the worker is gone: the screen is closing */ })
  }, [worker, sites, viewport])
  return drawn
}
