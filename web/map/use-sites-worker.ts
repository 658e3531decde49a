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

type Reply = { id: number; error?: SitesFailure; columns?: SiteColumns; clustered?: ClusteredSites; zoom?: number | null }
type Body<K extends SitesRequest['kind']> = Omit<Extract<SitesRequest, { kind: K }>, 'id'>

function startSitesWorker(): SitesWorker {
  const worker = new Worker(new URL('./sites-worker.ts', import.meta.url), { type: 'module' })
  const waiting = new Map<number, { resolve(reply: Reply): void; reject(e: Error): void }>()
  let next = 0
  let indexed: SiteColumns | null = null
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
  const ask = <K extends SitesRequest['kind']>(body: Body<K>) => new Promise<Reply>((resolve, reject) => {
    const id = ++next
    waiting.set(id, { resolve, reject })
    worker.postMessage({ ...body, id })
  })
  return {
    load: async (url, datum) => (await ask<'load'>({ kind: 'load', url: url.href, datum })).columns!,
    async clusters(columns, bounds, zoom) {
      // The index is rebuilt only for new columns (a new filter, a replayed day); requests are answered in order.
      if (indexed !== columns) {
        indexed = columns
        void ask<'index'>({ kind: 'index', input: { positions: columns.positions, riskScore: columns.riskScore, grade: columns.grade } })
      }
      return (await ask<'clusters'>({ kind: 'clusters', bounds, zoom })).clustered!
    },
    expansionZoom: async (clusterId) => (await ask<'expand'>({ kind: 'expand', clusterId })).zoom ?? null,
    close: () => worker.terminate(),
  }
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
