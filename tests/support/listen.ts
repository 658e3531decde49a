import { type ServerType, serve } from '@hono/node-server'

export interface Listening { base: string; server: ServerType }

/** The app on a real socket (a free port on `hostname`), for tests whose subject is the peer address. */
export function listenOn(app: { fetch: (request: Request) => Response | Promise<Response> }, hostname = '127.0.0.1'): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname }, ({ port }) =>
      resolve({ base: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`, server }))
  })
}
