import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { DEVICE_HEALTHS, DEVICE_KINDS, DEVICE_PROTOCOLS, DEVICE_STATUSES } from '../../domain/device-readings.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, Bbox, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv, sha256 } from '../auth/session.ts'
import { newDeviceSecret } from './device-secret.ts'
import * as repo from './devices.repo.ts'
import { requestClient } from '../../http/client.ts'

const Device = z.object({
  id: z.number(), code: z.string(), kind: z.enum(DEVICE_KINDS), siteId: z.number(), siteName: z.string(), craneId: z.number().nullable(),
  cameraId: z.number().nullable(), protocol: z.enum(DEVICE_PROTOCOLS), identity: z.string(), status: z.enum(DEVICE_STATUSES), intervalS: z.number(),
  lastSeenAt: z.string().nullable(), health: z.enum(DEVICE_HEALTHS), lastValues: z.record(z.string(), z.unknown()).nullable(),
  lastFlags: z.record(z.string(), z.string()).nullable(), lastDataTime: z.string().nullable(),
}).openapi('Device')
type DeviceBody = z.infer<typeof Device>
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Already registered') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const Identity = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
const Interval = z.number().int().min(5).max(86_400)

const NewDevice = z.object({
  code: z.string().regex(/^[A-Za-z0-9_.:-]{3,64}$/, '3–64 letters, digits and _ . : -'), kind: z.enum(DEVICE_KINDS), siteId: z.number().int().positive(),
  craneId: z.number().int().positive().nullable().default(null), cameraId: z.number().int().positive().nullable().default(null),
  protocol: z.enum(DEVICE_PROTOCOLS), identity: Identity, intervalS: Interval,
}).strict()
  .refine((d) => (d.kind === 'crane_monitor') === (d.craneId !== null), { path: ['craneId'], message: 'a crane monitor, and only one, is bound to a crane' })
  .refine((d) => (d.kind === 'camera') === (d.cameraId !== null), { path: ['cameraId'], message: 'a camera device, and only one, is bound to a camera row' })
  .refine((d) => (d.kind === 'dust_monitor') === (d.protocol === 'hj212'), { path: ['protocol'], message: 'dust monitors report by HJ 212; crane monitors and cameras by MQTT or HTTP' })

const list = createRoute({
  method: 'get', path: '/', tags: ['devices'], summary: 'Field devices in your zone, with health and last values',
  request: { query: z.object({ site: PositiveId.optional(), kind: z.enum(DEVICE_KINDS).optional(), status: z.enum(DEVICE_STATUSES).optional(),
    q: PlainText(100).optional(), limit: z.coerce.number().int().min(1).max(1_000).default(100), offset: z.coerce.number().int().min(0).max(10_000_000).default(0) }) },
  responses: { 200: jsonResponse('Devices', z.object({ total: z.number(), devices: z.array(Device) })), ...errors },
})
/*
 * The map asks for a box, never the whole zone: the 6,000-site city has about 26,000 devices (a device per camera),
 * a 4.6 MB GeoJSON (0.4 MB gzipped), and a 100,000-site city would send fifteen times that. A quarter of a degree
 * is a street-zoom view on a large screen (the web app draws devices from zoom 14).
 */
const MAX_MAP_SPAN_DEG = 0.25
const DeviceMap = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'), geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
    properties: z.object({ id: z.number(), code: z.string(), kind: z.enum(DEVICE_KINDS), siteId: z.number(), health: z.enum(DEVICE_HEALTHS) }),
  })),
}).openapi('DeviceMap')
const map = createRoute({
  method: 'get', path: '/map', tags: ['devices'], summary: `Devices within a bbox of at most ${MAX_MAP_SPAN_DEG}° × ${MAX_MAP_SPAN_DEG}° as GeoJSON points coloured by health`,
  request: { query: z.object({ bbox: Bbox.refine((b) => b.maxLon - b.minLon <= MAX_MAP_SPAN_DEG && b.maxLat - b.minLat <= MAX_MAP_SPAN_DEG,
    `bbox may span at most ${MAX_MAP_SPAN_DEG}° in each direction`) }) },
  responses: { 200: jsonResponse('GeoJSON FeatureCollection, WGS-84', DeviceMap), ...errors },
})
const get = createRoute({ method: 'get', path: '/{id}', tags: ['devices'], summary: 'One device', request: { params: IdParam }, responses: { 200: jsonResponse('Device', Device), ...errors } })
const Reading = z.object({ at: z.string(), command: z.string(), values: z.record(z.string(), z.unknown()), flags: z.record(z.string(), z.string()).nullable(), normal: z.boolean() })
const readings = createRoute({
  method: 'get', path: '/{id}/readings', tags: ['devices'], summary: 'A device\'s readings, oldest first',
  request: { params: IdParam, query: z.object({ hours: z.coerce.number().int().min(1).max(24 * 7).default(24) }) },
  responses: { 200: jsonResponse('Readings', z.object({ readings: z.array(Reading) })), ...errors },
})
const create = createRoute({
  method: 'post', path: '/', tags: ['devices'], summary: 'Register a device; its secret (HJ 212 PW or MQTT password) is shown only in this response',
  request: json(NewDevice), responses: { 201: jsonResponse('The device and its secret', z.object({ device: Device, secret: z.string() })), ...errors },
})
const update = createRoute({
  method: 'patch', path: '/{id}', tags: ['devices'], summary: 'Change a device\'s status or reporting interval',
  request: { params: IdParam, ...json(z.object({ status: z.enum(DEVICE_STATUSES).optional(), intervalS: Interval.optional() }).strict()) },
  responses: { 200: jsonResponse('The device', Device), ...errors },
})
const rotate = createRoute({
  method: 'post', path: '/{id}/secret', tags: ['devices'], summary: 'Issue a new secret; the old one stops working at once',
  request: { params: IdParam }, responses: { 200: jsonResponse('The new secret, shown once', z.object({ secret: z.string() })), ...errors },
})

export function deviceRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number) => {
    const device = await repo.findDevice(db, c.get('scope'), id)
    if (!device) throw new AppError(404, 'not_found', `no device with id ${id} in your zone`)
    return device as DeviceBody
  }
  const admin = requireRole('admin')
  const router = featureRouter<SessionEnv>()
  router.post('/', admin).patch('/:id', admin).post('/:id/secret', admin)
  return router
    .openapi(list, async (c) => {
      const { site, kind, status, q, limit, offset } = c.req.valid('query')
      const result = await repo.listDevices(db, c.get('scope'), { siteId: site, kind, status, q, limit, offset })
      return c.json(result as { total: number; devices: DeviceBody[] }, 200)
    })
    .openapi(map, async (c) => c.json((await repo.deviceMap(db, c.get('scope'), c.req.valid('query').bbox)) as z.infer<typeof DeviceMap>, 200))
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(readings, async (c) => {
      const { id } = c.req.valid('param')
      await load(c, id)
      return c.json({ readings: (await repo.readingsOf(db, id, c.req.valid('query').hours)) as z.infer<typeof Reading>[] }, 200)
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      const problem = await repo.bindingProblem(db, body)
      if (problem) throw new AppError(400, 'invalid_binding', problem)
      const taken = await repo.takenBy(db, body)
      if (taken) throw new AppError(409, 'already_registered', `a device already has ${taken}`)
      const secret = newDeviceSecret()
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertDevice(trx, { ...body, secretSha256: sha256(secret) })
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'create', entity: 'device', entityId: id, after: body })
        return id
      })
      return c.json({ device: await load(c, id), secret }, 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const before = await load(c, id)
      await db.transaction().execute(async (trx) => {
        await repo.updateDevice(trx, id, change)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'update', entity: 'device', entityId: id,
          before: { status: before.status, intervalS: before.intervalS }, after: change })
      })
      return c.json(await load(c, id), 200)
    })
    .openapi(rotate, async (c) => {
      const { id } = c.req.valid('param')
      await load(c, id)
      const secret = newDeviceSecret()
      await db.transaction().execute(async (trx) => {
        await repo.updateDevice(trx, id, { secretSha256: sha256(secret) })
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'rotate_secret', entity: 'device', entityId: id })
      })
      return c.json({ secret }, 200)
    })
}
