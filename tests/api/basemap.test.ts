import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let api: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
  api = await signIn(app, database.demo('city_command'))
})
afterAll(() => database?.dispose())

describe('offline basemap', () => {
  it.each(['dark', 'light'])('serves a valid %s MapLibre style drawn only from this server', async (theme) => {
    const res = await api.request(`http://portal.test/api/basemap/style.json?theme=${theme}`)
    expect(res.status).toBe(200)
    const style = await res.json()
    expect(validateStyleMin(style)).toEqual([])
    expect(style.glyphs).toBe('http://portal.test/api/basemap/glyphs/{fontstack}/{range}.pbf')
    const { grids, ...whole } = style.sources as { grids: { tiles: string[]; minzoom: number } } & Record<string, { data: string }>
    for (const source of Object.values(whole)) expect(source.data).toMatch(/^http:\/\/portal\.test\/api\/layers\//)
    // The grids come as tiles, only from the zoom their lines are drawn at.
    expect(grids.tiles).toEqual(['http://portal.test/api/tiles/grids/{z}/{x}/{y}.mvt'])
    const gridLine = style.layers.find((l: { id: string }) => l.id === 'grid-line')
    expect(gridLine.minzoom).toBeGreaterThanOrEqual(grids.minzoom)
    expect(style.layers.map((l: { id: string }) => l.id)).toEqual(expect.arrayContaining(['water-lake', 'district-line', 'district-label', 'grid-line']))
  })

  it('for a wall with only its display token, reads every source through the token-guarded wall routes', async () => {
    const admin = await signIn(app, database.demo('admin'))
    const { wallUrl } = await (await admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: '底图大屏' }) })).json()
    const token = new URL(wallUrl, 'http://portal.test').searchParams.get('token')!
    const style = await (await app.request(`http://portal.test/api/basemap/style.json?theme=dark&token=${encodeURIComponent(token)}`)).json()
    expect(validateStyleMin(style)).toEqual([])
    expect(Object.keys(style.sources).sort()).toEqual(['districts', 'water'])
    expect(style.layers.some((l: { source?: string }) => l.source === 'grids')).toBe(false)
    // What MapLibre then fetches, with no cookie: each source answers, and nothing answers without the token.
    for (const { data } of Object.values(style.sources) as { data: string }[]) {
      const url = new URL(data)
      expect(url.pathname).toMatch(/^\/api\/wall\/layers\/(districts|water)$/)
      const res = await app.request(`${url.pathname}${url.search}`)
      expect(res.status, data).toBe(200)
      expect((await res.json()).features.length).toBeGreaterThan(0)
      expect((await app.request(url.pathname)).status).toBe(401)
    }
  })

  it('rejects an unknown theme', async () => {
    expect((await api.request('/api/basemap/style.json?theme=neon')).status).toBe(400)
  })

  it('serves the lakes and the river', async () => {
    const water = await (await api.request('/api/layers/water')).json()
    expect(water.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['太湖', '阳澄湖', '吴淞江/苏州河'])
    expect(water.features.map((f: { geometry: { type: string } }) => f.geometry.type)).toEqual(['Polygon', 'Polygon', 'LineString'])
  })
})

describe('basemap choice', () => {
  it('is our offline basemap in WGS-84 unless configured', async () => {
    expect(await (await api.request('/api/basemap/config')).json()).toEqual({ styleUrl: null, crs: 'wgs84' })
  })

  it('names an online style and its datum when BASEMAP_STYLE_URL and BASEMAP_CRS are set', async () => {
    const online = createTestApp(database, { BASEMAP_STYLE_URL: 'https://tiles.example.com/style.json', BASEMAP_CRS: 'gcj02' })
    expect(await (await online.request('/api/basemap/config')).json()).toEqual({ styleUrl: 'https://tiles.example.com/style.json', crs: 'gcj02' })
  })
})
