import { createRoute, z } from '@hono/zod-openapi'
import { basemapStyle } from '../../domain/basemap-style.ts'
import type { AppDeps } from '../../deps.ts'
import { errorResponses, featureRouter } from '../../validation.ts'

const getStyle = createRoute({
  method: 'get', path: '/style.json', tags: ['basemap'],
  summary: 'The offline MapLibre style, drawn from this server\'s own layers (no internet needed)',
  request: { query: z.object({ theme: z.enum(['dark', 'light']).default('dark') }) },
  responses: { 200: { description: 'MapLibre style', content: { 'application/json': { schema: z.object({}).passthrough() } } }, ...errorResponses },
})

export function basemapRoutes(_deps: AppDeps) {
  return featureRouter().openapi(getStyle, (c) => {
    const origin = new URL(c.req.url).origin
    return c.json(basemapStyle(origin, c.req.valid('query').theme) as Record<string, unknown>, 200)
  })
}
