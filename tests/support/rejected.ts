import { expect } from 'vitest'

/** The fields a 400's details name: zod issues (an array) or one AppError detail with a `path`. */
export function detailPaths(details: unknown): string[] {
  if (Array.isArray(details)) return details.map((d: { path: string }) => d.path)
  return details && typeof details === 'object' && 'path' in details ? [String(details.path)] : []
}

/**
 * Expects a request to be refused with `status` and `code` (naming `path` when given), with no internals in the
 * body, and `state` (a fingerprint of whatever the request could write) unchanged.
 */
export function rejecter(state: () => Promise<string>) {
  return async (send: () => Response | Promise<Response>, status: number, code: string, path?: string) => {
    const before = await state()
    const res = await send()
    const body = await res.json()
    expect(res.status, JSON.stringify(body)).toBe(status)
    expect(body.error.code).toBe(code)
    expect(body.error.message).toEqual(expect.any(String))
    expect(JSON.stringify(body)).not.toMatch(/SELECT|INSERT|\.ts:\d+|stack/i)
    if (path) expect(detailPaths(body.error.details)).toContain(path)
    expect(await state()).toBe(before)
    return body
  }
}
