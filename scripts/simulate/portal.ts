import type { DeviceKind, DeviceStatus } from '../../server/domain/device-readings.ts'

/*
 * What the simulator learns from the running portal, through its HTTP API as an admin would: the device register
 * and, for an episode, which sites lie in a district. Never the database: the embedded engine's data directory
 * belongs to the portal's process alone.
 */

export interface PortalDevice { id: number; code: string; kind: DeviceKind; siteId: number; identity: string; protocol: string; status: DeviceStatus; intervalS: number }
export interface PortalSession { base: string; cookie: string }

const PAGE = 1_000

async function call(session: PortalSession, path: string): Promise<unknown> {
  const res = await fetch(`${session.base}${path}`, { headers: { cookie: session.cookie } })
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`)
  return res.json()
}

export async function signIn(base: string, username: string, password: string): Promise<PortalSession> {
  let res: Response
  try {
    res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  } catch (error) {
    throw new Error(`cannot reach the portal at ${base} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}): is it running (npm start)?`)
  }
  if (res.status === 401 || res.status === 400) {
    throw new Error(`sign-in as ${username} refused: give --password (or SITEGRID_PASSWORD); npm start prints the demo passwords on its first start`)
  }
  if (!res.ok) throw new Error(`sign-in as ${username}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  if (!cookie) throw new Error('sign-in answered without a session cookie')
  return { base, cookie }
}

/** Every device in the signed-in user's zone (an admin's is the whole city), a page at a time. */
export async function listDevices(session: PortalSession): Promise<PortalDevice[]> {
  const devices: PortalDevice[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await call(session, `/api/devices?limit=${PAGE}&offset=${offset}`) as { total: number; devices: PortalDevice[] }
    devices.push(...page.devices)
    if (page.devices.length < PAGE || devices.length >= page.total) return devices
  }
}

interface Collection { features: { id: number; properties: Record<string, unknown> }[] }

/** The sites of a district named in Chinese (吴中区) or English (Wuzhong); an unknown name lists the known ones. */
export async function districtSites(session: PortalSession, name: string): Promise<{ district: string; siteIds: number[] }> {
  const districts = (await call(session, '/api/layers/districts') as Collection).features
  const wanted = name.trim().toLowerCase()
  const match = districts.find((d) => [d.properties.name, d.properties.nameEn].some((n) => typeof n === 'string' && n.toLowerCase() === wanted))
    ?? districts.find((d) => typeof d.properties.name === 'string' && d.properties.name.replace(/[区市县]$/, '') === name.trim())
  if (!match) throw new Error(`no district named ${name}; the city has ${districts.map((d) => d.properties.name).join(', ')}`)
  const sites = (await call(session, `/api/layers/sites?district=${match.id}`) as Collection).features
  return { district: String(match.properties.name), siteIds: sites.map((s) => s.id) }
}
