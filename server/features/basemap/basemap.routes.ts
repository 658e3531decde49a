import { createRoute, z } from '@hono/zod-openapi'
import { basemapStyle } from '../../domain/basemap-style.ts'
import type { AppDeps } from '../../deps.ts'
import { errorResponses, featureRouter } from '../../validation.ts'

const getStyle = createRoute({
  method: 'get', path: '/style.json', tags: ['basemap'],
  summary: 'The offline MapLibre style, drawn from this server\'s own layers (no internet needed)',
  request: { query: z.object({
    theme: z.enum(['dark', 'light']).default('dark'),
    token: z.string().min(1).max(200).optional().openapi({ description: 'A wall\'s display token: the style then reads its layers through /api/wall' }),
  }) },
  responses: { 200: { description: 'MapLibre style', content: { 'application/json': { schema: z.object({}).passthrough() } } }, ...errorResponses },
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
  return featureRouter()
    .openapi(getStyle, (c) => {
      const origin = new URL(c.req.url).origin
      const { theme, token } = c.req.valid('query')
      return c.json(basemapStyle(origin, theme, token) as Record<string, unknown>, 200)
    })
    .openapi(getConfig, (c) => c.json({ styleUrl: config.BASEMAP_STYLE_URL ?? null, crs: config.BASEMAP_CRS }, 200))
}
