import type { Context } from 'hono'
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

/*
 * The OGC API's pages for people (f=html, or a browser's Accept): the same documents as tables and links, and a map
 * preview of a page of features drawn as inline SVG, with no script, no stylesheet and nothing from the internet, so
 * that the portal's Content-Security-Policy holds. Every value goes through hono/html's escaping: names typed by
 * users are shown as text.
 */

export interface HtmlLink { href: string; rel: string; type: string; title?: string }
type Geometry = { type: string; coordinates: unknown } | null
export interface HtmlFeature { id: number; geometry: Geometry; properties: Record<string, unknown> }

/** f=html, or no f from a client whose Accept puts text/html before JSON (a browser). */
export function wantsHtml(c: Context, f: string | undefined): boolean {
  if (f) return f === 'html'
  const accept = c.req.header('accept') ?? ''
  const at = (type: string) => { const i = accept.indexOf(type); return i < 0 ? Number.POSITIVE_INFINITY : i }
  return at('text/html') < Math.min(at('application/json'), at('application/geo+json'))
}

const CELL = 'border:1px solid #ccd;padding:2px 6px;text-align:left;vertical-align:top'

export function page(title: string, links: HtmlLink[], body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const nav = links.filter((l) => l.rel !== 'self')
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · SiteGrid OGC API</title></head>
<body style="font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;margin:1.5em;max-width:1100px;color:#1a2233">
<p style="color:#667"><a href="/api/ogc?f=html">SiteGrid OGC API – Features</a></p>
<h1 style="font-size:1.4em">${title}</h1>
${body}
${nav.length ? html`<h2 style="font-size:1.1em">Links</h2><ul>${nav.map((l) => html`<li><a href="${l.href}">${l.title ?? l.rel}</a> <small>(${l.rel}, ${l.type})</small></li>`)}</ul>` : ''}
</body></html>`
}

export const table = (rows: [string, unknown][]) =>
  html`<table style="border-collapse:collapse">${rows.map(([k, v]) => html`<tr><th style="${CELL}">${k}</th><td style="${CELL}">${text(v)}</td></tr>`)}</table>`

const text = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** Features as a table of their properties, each id linking to the feature's own page. */
export function featureTable(features: HtmlFeature[], itemHref: (id: number) => string) {
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties)))]
  return html`<table style="border-collapse:collapse"><tr><th style="${CELL}">id</th>${keys.map((k) => html`<th style="${CELL}">${k}</th>`)}</tr>
${features.map((f) => html`<tr><td style="${CELL}"><a href="${itemHref(f.id)}">${f.id}</a></td>${keys.map((k) => html`<td style="${CELL}">${text(f.properties[k])}</td>`)}</tr>`)}</table>`
}

const WIDTH = 640
const HEIGHT = 420

/**
 * The features drawn to fit a 640 × 420 box, east to the right and north up: longitude scaled by the cosine of the
 * middle latitude, so that a city's shapes keep their proportions. `northFirst` coordinates (EPSG:4326, 4549) are
 * swapped back first.
 */
export function previewSvg(features: HtmlFeature[], northFirst: boolean) {
  const positions: number[][] = []
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') positions.push(northFirst ? [c[1], c[0]] : [c[0], c[1]])
    else if (Array.isArray(c)) c.forEach(walk)
  }
  for (const f of features) walk(f.geometry?.coordinates)
  if (positions.length === 0) return html`<p>No geometry to preview.</p>`
  // Folded, not spread: a page of polygons can hold more positions than a call's arguments may.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity]
  for (const [x, y] of positions) [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)]
  // Degrees are squeezed east-west by the latitude's cosine; metres (a projected CRS) are not.
  const squeeze = Math.abs(maxY) <= 90 && Math.abs(minX) <= 180 ? Math.cos(((minY + maxY) / 2) * Math.PI / 180) : 1
  const spanX = Math.max((maxX - minX) * squeeze, 1e-9)
  const spanY = Math.max(maxY - minY, 1e-9)
  const scale = Math.min((WIDTH - 20) / spanX, (HEIGHT - 20) / spanY)
  const at = ([x, y]: number[]) => `${(10 + (x - minX) * squeeze * scale).toFixed(1)},${(HEIGHT - 10 - (y - minY) * scale).toFixed(1)}`
  const ring = (r: number[][]) => `M${r.map((p) => at(northFirst ? [p[1], p[0]] : p)).join('L')}Z`
  const shapes = features.map((f) => {
    const g = f.geometry
    if (!g) return ''
    const c = g.coordinates as never
    const point = (p: number[]) => { const [x, y] = at(northFirst ? [p[1], p[0]] : p).split(','); return `<circle cx="${x}" cy="${y}" r="2.5" fill="#d9480f"/>` }
    if (g.type === 'Point') return point(c)
    if (g.type === 'MultiPoint') return (c as number[][]).map(point).join('')
    const polygons: number[][][][] = g.type === 'Polygon' ? [c] : g.type === 'MultiPolygon' ? c : []
    if (polygons.length) return `<path d="${polygons.map((p) => p.map(ring).join('')).join('')}" fill="#4c6ef5" fill-opacity="0.15" stroke="#364fc7" stroke-width="1" fill-rule="evenodd"/>`
    const lines: number[][][] = g.type === 'LineString' ? [c] : g.type === 'MultiLineString' ? c : []
    return lines.map((l) => `<polyline points="${l.map((p) => at(northFirst ? [p[1], p[0]] : p)).join(' ')}" fill="none" stroke="#364fc7"/>`).join('')
  })
  // The shapes are numbers this function wrote, not text from the features: safe to place unescaped.
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="map preview"
 style="border:1px solid #ccd;background:#f8f9fb">${raw(shapes.join(''))}</svg>`
}

interface CollectionSummary { id: string; title: string; description: string; links: HtmlLink[] }

export const landingPage = (links: HtmlLink[]) => page('SiteGrid OGC API – Features', links,
  html`<p>苏州市建设工程质量安全智慧监管平台: every map layer for GIS tools, each user within their zone.</p>
<ul>${links.filter((l) => ['data', 'conformance', 'service-desc'].includes(l.rel)).map((l) => html`<li><a href="${l.href}${l.rel === 'service-desc' ? '' : '?f=html'}">${l.title ?? l.rel}</a></li>`)}</ul>`)

export const conformancePage = (classes: string[]) => page('Conformance', [], html`<ul>${classes.map((c) => html`<li>${c}</li>`)}</ul>`)

export const collectionsPage = (collections: CollectionSummary[]) => page('Collections', [], html`<table style="border-collapse:collapse">
${collections.map((c) => html`<tr><td style="${CELL}"><a href="${c.links[0].href}?f=html">${c.title}</a></td><td style="${CELL}">${c.description}</td></tr>`)}</table>`)

export const collectionPage = (c: CollectionSummary & { crs: string[]; extent: unknown }) => page(c.title, c.links,
  html`<p>${c.description}</p><p><a href="${c.links[0].href}/items?f=html&amp;limit=100">Browse the features</a></p>${table([['id', c.id], ['CRS', c.crs.join(' ')], ['extent', c.extent]])}`)

export const itemsPage = (title: string, matched: number, features: HtmlFeature[], links: HtmlLink[], itemHref: (id: number) => string, northFirst: boolean) =>
  page(`${title}: ${features.length} of ${matched}`, links, html`${previewSvg(features, northFirst)}${featureTable(features, itemHref)}`)

export const featurePage = (title: string, feature: HtmlFeature, links: HtmlLink[], northFirst: boolean) =>
  page(`${title} ${feature.id}`, links, html`${previewSvg([feature], northFirst)}${table(Object.entries(feature.properties))}`)
