import type { InferResponseType } from 'hono/client'
import { type ApiClient, ApiError } from '../api.ts'

/*
 * An import sent with `Accept: application/x-ndjson`: the server answers one JSON line per progress step and the
 * report (or the error) last, so a 100,000-row file shows where it is instead of a frozen button.
 */

// The 200 answer is JSON, or NDJSON text when streamed; the report is the JSON one.
export type ImportReport = Exclude<InferResponseType<ApiClient['api']['imports'][':entity']['$post'], 200>, string>
export type ImportEntity = ImportReport['entity']
export interface ImportProgress { phase: 'read' | 'check' | 'write'; done: number; total: number }
export interface ImportOptions {
  entity: ImportEntity
  file: File
  mode: 'preview' | 'commit'
  encoding: 'auto' | 'utf-8' | 'gb18030'
  crs: string
  swapLonLat: boolean
  skipRejected: boolean
}

type Line = { type: 'progress' } & ImportProgress | { type: 'report'; report: ImportReport } | { type: 'error'; status: number; error: { code: string; message: string } }

export async function runImport(api: ApiClient, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
  const { entity, file, mode, encoding, crs, swapLonLat, skipRejected } = options
  const res = await api.api.imports[':entity'].$post(
    { param: { entity }, form: { file, mode, encoding, crs: crs as 'auto', swapLonLat: String(swapLonLat) as 'true', skipRejected: String(skipRejected) as 'true' } },
    { headers: { accept: 'application/x-ndjson' } },
  )
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`)
  }
  for await (const line of ndjsonLines(res.body)) {
    const message = line as Line
    if (message.type === 'progress') onProgress(message)
    if (message.type === 'report') return message.report
    if (message.type === 'error') throw new ApiError(message.status, message.error.code, message.error.message)
  }
  throw new ApiError(502, 'incomplete_response', 'the server stopped before reporting')
}

async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    buffered += decoder.decode(value, { stream: true })
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) yield JSON.parse(line)
  }
  if (buffered.trim()) yield JSON.parse(buffered)
}
