import { isIP } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import proxyaddr from 'proxy-addr'

/*
 * Who is on the other end of a request. Behind a reverse proxy the peer is the proxy, and the client's address and
 * protocol arrive in X-Forwarded-For / X-Forwarded-Proto, which anyone can also write. They are believed only from a
 * peer in TRUST_PROXY; everything that cares (the sign-in throttle, Secure cookies, HSTS, the audit log) asks here.
 */

export interface RequestClient {
  /** The client's address: the right-most address in the chain that is not a trusted proxy; null when unknown. */
  address: string | null
  /** The protocol the client used to reach us (or our trusted proxy). */
  protocol: 'http' | 'https'
  /** The peer is a trusted proxy, so its forwarded headers (and X-Request-Id) were believed. */
  viaTrustedProxy: boolean
  /** The TCP peer itself, whatever it forwards; null for in-process requests (app.request in tests). */
  peer: string | null
}

declare module 'hono' {
  interface ContextVariableMap { client: RequestClient }
}

export type TrustProxy = (address: string, hop: number) => boolean

/** TRUST_PROXY's entries (addresses, CIDRs, or loopback / linklocal / uniquelocal); throws on a malformed entry. */
export function compileTrustProxy(entries: readonly string[] | undefined): TrustProxy {
  return entries?.length ? proxyaddr.compile([...entries]) : () => false
}

/** The TCP peer; in-process requests (app.request in tests) have none. */
function peerAddress(c: Context): string | undefined {
  try { return getConnInfo(c).remote.address } catch { return undefined }
}

export function resolveClient(c: Context, trust: TrustProxy): RequestClient {
  // The adapter writes the URL's scheme in lower case: no URL to parse on every request.
  const direct = c.req.url.startsWith('https:') ? 'https' : 'http'
  const socket = peerAddress(c)
  if (!socket) return { address: null, protocol: direct, viaTrustedProxy: false, peer: null }
  const peer = canonical(socket)
  const viaTrustedProxy = trust(peer, 0)
  if (!viaTrustedProxy) return { address: peer, protocol: direct, viaTrustedProxy, peer }
  // [peer, …proxies, client], cut after the first untrusted hop. A hop that is not an address at all (a proxy passing
  // on whatever the client wrote) cannot be the client: the address of the proxy that handed it on is used instead.
  const chain = proxyaddr.all({ socket: { remoteAddress: peer }, headers: { 'x-forwarded-for': c.req.header('x-forwarded-for') } } as never, trust)
  const valid = chain.filter((a, i) => i === 0 || isIpAddress(a)).map(canonical)
  const forwardedProto = c.req.header('x-forwarded-proto')?.split(',')[0].trim().toLowerCase()
  const protocol = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : direct
  return { address: valid.at(-1) ?? peer, protocol, viaTrustedProxy, peer }
}

const isIpAddress = (text: string) => isIP(text) !== 0

/** One spelling per address: an IPv4 client of a dual-stack listener (::ffff:10.0.0.1) is 10.0.0.1. */
const canonical = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address.toLowerCase()

/** The client of a request that passed through the edge middleware (every request to createApp's app does). */
export function requestClient(c: Context): RequestClient {
  return c.get('client')
}
