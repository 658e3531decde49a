import type { Context, MiddlewareHandler } from 'hono'
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from 'hono/compress'
import { acceptsGzip, gzipped } from '../gzip.ts'

/*
 * The API's answers, gzipped when that is worth it. hono's compress() piped every compressible answer through a
 * CompressionStream, a 60-byte 401 too (c.json sets no Content-Length, so its 1 KB threshold never applied): on a
 * request that did nothing else that was half its cost. Here the size is known before choosing: an answer made by
 * c.json is measured as it is made, and any other is read back — API bodies are built whole in memory (the streamed
 * ones, live events and import progress, are event-stream and NDJSON, never compressed). A body from 1 KB is gzipped
 * as gzip.ts does (level 1, in zlib's thread pool). The web app's static files, streamed from disk, keep hono's
 * compress() (app.ts).
 */

const THRESHOLD_BYTES = 1024
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i
const VARIES_BY_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i

export const compressApi: MiddlewareHandler = async (c, next) => {
  const made = measureJson(c)
  await next()
  const { res } = c
  const type = res.headers.get('content-type')
  if (c.req.method === 'HEAD' || res.status === 206 || !type || !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type)
    || res.headers.has('content-encoding') || res.headers.has('transfer-encoding') || NO_TRANSFORM.test(res.headers.get('cache-control') ?? '')) return
  const vary = res.headers.get('vary')
  if (vary !== '*' && !VARIES_BY_ENCODING.test(vary ?? '')) res.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  if (!acceptsGzip(c.req.header('accept-encoding'))) return
  const text = made.json(res)
  if (text === undefined && !res.body) return
  const body = text ?? new Uint8Array(await res.arrayBuffer())
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length
  if (bytes >= THRESHOLD_BYTES) {
    replaceBody(c, res, await gzipped(body))
    c.res.headers.set('content-encoding', 'gzip')
    const etag = c.res.headers.get('etag')
    if (etag && !etag.startsWith('W/')) c.res.headers.set('etag', `W/${etag}`)
  } else if (typeof body !== 'string') {
    replaceBody(c, res, body)
  }
}

/** Wraps this request's c.json to keep the text it sends; `json(res)` is that text when `res` is what it made. */
function measureJson(c: Context): { json(res: Response): string | undefined } {
  let made: { res: Response; text: string } | undefined
  const toJson = ((object: unknown, arg?: never, headers?: Record<string, string>) => {
    const text = JSON.stringify(object)
    // What hono's c.json does with the text.
    const res: Response = c.body(text, arg as never, { 'Content-Type': 'application/json', ...headers })
    made = { res, text }
    return res
  }) as unknown as Context['json']
  c.json = toJson
  return { json: (res) => (made?.res === res ? made.text : undefined) }
}

/**
 * The same answer with another body. Assigning c.res over an answer merges the old one's headers into a copy of the
 * new one, re-reading its body as a stream; clearing it first keeps the bytes as bytes (the node server writes them
 * in one go), and the headers are carried over here.
 */
function replaceBody(c: Context, res: Response, body: Uint8Array) {
  const headers = new Headers(res.headers)
  headers.delete('content-length')
  c.res = undefined
  c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, headers })
}
