import { createRoute, z } from '@hono/zod-openapi'
import { basemapStyle } from '../../domain/basemap-style.ts'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter } from '../../validation.ts'
import { glyphRanges } from './glyphs.ts'

const getStyle = createRoute({
  method: 'get', path: '/style.json', tags: ['basemap'],
  summary: 'The offline MapLibre style, drawn from this server\'s own layers (no internet needed)',
  request: { query: z.object({
    theme: z.enum(['dark', 'light']).default('dark'),
    token: z.string().min(1).max(200).optional().openapi({ description: 'A wall\'s display token: the style then reads its layers through /api/wall' }),
  }) },
  responses: { 200: { description: 'MapLibre style', content: { 'application/json': { schema: z.object({}).passthrough() } } }, ...errorResponses },
})

const getGlyphs = createRoute({
  method: 'get', path: '/glyphs/{fontstack}/{range}', tags: ['basemap'],
  summary: 'Signed-distance-field glyphs for the style\'s labels, 256 code points at a time (MapLibre glyphs PBF), rendered from the committed Noto Sans SC',
  request: { params: z.object({
    fontstack: z.string().min(1).max(200).openapi({ example: 'Noto Sans SC Regular', description: 'Any font stack: every stack is drawn with our one font' }),
    range: z.string().regex(/^\d{1,5}-\d{1,5}\.pbf$/, 'a range is start-end.pbf').openapi({ example: '19968-20223.pbf' }),
  }) },
  responses: { 200: { description: 'Glyphs PBF', content: { 'application/x-protobuf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
})

const BasemapConfig = z.object({
  styleUrl: z.string().nullable().openapi({ description: 'An online style to use instead of ours; null for the offline basemap' }),
  crs: z.enum(['wgs84', 'gcj02']).openapi({ description: 'The datum of the basemap: gcj02 means the web shifts our WGS-84 layers onto it' }),
}).openapi('BasemapConfig')

const getConfig = createRoute({
  method: 'get', path: '/config', tags: ['basemap'], summary: 'Which basemap the web app draws, and in which datum',
  responses: { 200: { description: 'Basemap choice', content: { 'application/json': { schema: BasemapConfig } } } },
})

export function basemapRoutes({ config }: AppDeps) {
  const glyphs = glyphRanges()
  return featureRouter()
    .openapi(getStyle, (c) => {
      const origin = new URL(c.req.url).origin
      const { theme, token } = c.req.valid('query')
      return c.json(basemapStyle(origin, theme, token) as Record<string, unknown>, 200)
    })
    .openapi(getGlyphs, async (c) => {
      const { fontstack, range } = c.req.valid('param')
      const [start, end] = range.slice(0, -4).split('-').map(Number)
      if (start % 256 !== 0 || end !== start + 255 || end > 0xffff) {
        throw new AppError(400, 'invalid_request', 'a glyph range is 256 code points from a multiple of 256, e.g. 0-255.pbf, up to 65535')
      }
      // Fonts do not change between releases: a day in any cache.
      const body = await glyphs(fontstack, start)
      return c.body(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer, 200, { 'content-type': 'application/x-protobuf', 'cache-control': 'public, max-age=86400' }) as never
    })
    .openapi(getConfig, (c) => c.json({ styleUrl: config.BASEMAP_STYLE_URL ?? null, crs: config.BASEMAP_CRS }, 200))
}
