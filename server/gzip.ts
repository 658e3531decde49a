import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import type { Context } from 'hono'

/*
 * Bodies the server builds whole in memory (GeoJSON layers, vector tiles) are gzipped here rather than by hono's
 * compress(), which streams through CompressionStream at zlib's default level: on a 1.8 MB viewport of sites that
 * took 17 ms of a 90 ms request; level 1 in zlib's thread pool takes a third of that for 4 % more bytes.
 */

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

export const acceptsGzip = (acceptEncoding: string | undefined) => /\bgzip\b/.test(acceptEncoding ?? '')

export async function gzipped(body: string | Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gzipAsync(body, { level: 1 }))
}

/** For the rare client that does not take gzip: cached tiles are kept gzipped only, and unpacked off the event loop. */
export async function gunzipped(body: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await gunzipAsync(body))
}

/**
 * Sends a body built whole in memory: kept gzip as is, or text gzipped here, to a client that takes gzip; otherwise
 * plain, with kept gzip unpacked. `extraHeaders` are the caller's own, such as a tile's ETag.
 */
export async function sendBody(c: Context, contentType: string, body: { text: string } | { gzip: Uint8Array }, extraHeaders: Record<string, string> = {}) {
  const headers = { ...extraHeaders, 'content-type': contentType, vary: 'Accept-Encoding' }
  if (acceptsGzip(c.req.header('accept-encoding'))) {
    const gzip = 'gzip' in body ? body.gzip : await gzipped(body.text)
    return c.body(gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' })
  }
  return 'gzip' in body ? c.body(await gunzipped(body.gzip) as Uint8Array<ArrayBuffer>, 200, headers) : c.body(body.text, 200, headers)
}
