import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Config } from '../config.ts'
import { requestClient } from './client.ts'

/*
 * The headers every response carries. The Content-Security-Policy is the one the web app runs under in the browser
 * tests (tests/support/portal.ts fails a test on any violation):
 * - scripts only from our own origin: the built index.html has no inline script and nothing needs eval;
 * - MapLibre starts its workers from blob: URLs, and the map's sites worker is one of our own files;
 * - styles from our own files, plus inline style *attributes*: ECharts writes its tooltips as HTML with style="…"
 *   (no <style> elements, no script);
 * - images from data: and blob: URLs (MapLibre, deck.gl and ECharts draw through them);
 * - an online basemap (BASEMAP_STYLE_URL) is fetched from its own origin.
 */
export function securityHeaders(config: Pick<Config, 'BASEMAP_STYLE_URL'>): MiddlewareHandler {
  const basemap = config.BASEMAP_STYLE_URL ? [new URL(config.BASEMAP_STYLE_URL).origin] : []
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      styleSrc: ["'self'"],
      styleSrcAttr: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...basemap],
      connectSrc: ["'self'", ...basemap],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // Sent only over HTTPS, below (over plain HTTP it means nothing), and without includeSubDomains: other hosts of
    // the authority's domain may not all have TLS.
    strictTransportSecurity: false,
    // The inspection form locates the inspector; nothing asks for the microphone or payments.
    permissionsPolicy: { geolocation: ['self'], camera: ['self'], microphone: [], payment: [], usb: [] },
    // A response that sets its own (a photo's sandboxing CSP) keeps it.
    overwrite: false,
  })
  return async (c, next) => {
    await headers(c, next)
    if (requestClient(c).protocol === 'https') c.res.headers.set('Strict-Transport-Security', 'max-age=31536000')
  }
}

/**
 * Signed-in answers must not stay in a browser's or a proxy's cache (a shared computer, the next user). Tiles are
 * the exception: their ETag revalidation (private, no-cache) is what keeps panning cheap. So are glyphs, the same
 * for everyone.
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next()
  if (c.req.path.startsWith('/api/tiles/') || c.req.path.startsWith('/api/basemap/glyphs/')) return
  if (!/\bno-store\b/.test(c.res.headers.get('cache-control') ?? '')) c.res.headers.set('cache-control', 'no-store')
}
