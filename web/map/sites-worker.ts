/*
 * The sites worker: downloads a zone's sites as columns (/api/layers/site-columns), parses them into typed arrays
 * and indexes them for clustering before it hands the buffers to the page without a copy; the city zooms draw
 * from that index. A replayed day's columns, made on the page, are sent back to be indexed. What
 * used to freeze the page for seconds at 100,000 sites (JSON.parse of 43.5 MB of GeoJSON, one object per site, a
 * supercluster index) happens here, off the main thread. Driven by use-sites-worker.ts.
 */
import type { BasemapDatum } from '../../server/domain/datum.ts'
import type { SiteColumnsBody } from '../../server/domain/site-columns.ts'
import { columnBuffers, columnsFromBody } from './site-columns.ts'
import { type ClusterInput, clusterSites, expansionZoom, indexSites, type SiteIndex } from './site-clusters.ts'

export type SitesRequest =
  | { id: number; kind: 'load'; url: string; datum: BasemapDatum }
  | { id: number; kind: 'index'; input: ClusterInput }
  | { id: number; kind: 'clusters'; bounds: [number, number, number, number]; zoom: number }
  | { id: number; kind: 'expand'; clusterId: number }

/** A failed download as the server put it: status, and its `{ error }` body's code and message. */
export interface SitesFailure { status: number; code: string; message: string }

// The page's DOM typings are in scope here; these two are all the worker needs of its own global.
const scope = self as unknown as { postMessage(message: unknown, transfer: Transferable[]): void; onmessage: ((e: MessageEvent<SitesRequest>) => void) | null }
let index: SiteIndex | null = null
/** Which request built the index, so that the page can tell an answer from an index it has moved past. */
let indexedBy = 0

async function load(id: number, url: string, datum: BasemapDatum) {
  const res = await fetch(url, { credentials: 'same-origin' })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    const error: SitesFailure = { status: res.status, code: body?.error?.code ?? 'http_error', message: body?.error?.message ?? `HTTP ${res.status}` }
    return { error }
  }
  const columns = columnsFromBody(await res.json() as SiteColumnsBody, datum)
  // Before the transfer detaches them; the index keeps its own copy of the positions.
  ;[index, indexedBy] = [indexSites(columns), id]
  return { columns, indexedBy }
}

function answer(request: SitesRequest): Promise<object> | object {
  switch (request.kind) {
    case 'load': return load(request.id, request.url, request.datum)
    case 'index': [index, indexedBy] = [indexSites(request.input), request.id]; return {}
    case 'clusters': return { indexedBy, clustered: index ? clusterSites(index, request.bounds, request.zoom) : { clusters: [], singles: [] } }
    case 'expand': return { zoom: index ? expansionZoom(index, request.clusterId) : null }
  }
}

scope.onmessage = async ({ data: request }: MessageEvent<SitesRequest>) => {
  try {
    const reply = await answer(request)
    const columns = 'columns' in reply ? reply.columns as Parameters<typeof columnBuffers>[0] : null
    scope.postMessage({ id: request.id, ...reply }, columns ? columnBuffers(columns) : [])
  } catch (e) {
    // A body that is not the columns it should be (a proxy's error page): the page shows it as a failed load.
    scope.postMessage({ id: request.id, error: { status: 0, code: 'bad_response', message: (e as Error).message } satisfies SitesFailure }, [])
  }
}
