import type { InferResponseType } from 'hono/client'
import { type ApiClient, ApiError } from '../api.ts'
import { type ImportMapping, mappingField } from './import-mapping.ts'

/*
 * An import sent with `Accept: application/x-ndjson`: the server answers one JSON line per progress step and the
 * report (or the error) last, so a 100,000-row file shows where it is instead of a frozen button.
 */

// The 200 answer is JSON, or NDJSON text when streamed; the report is the JSON one.
export type ImportReport = Exclude<InferResponseType<ApiClient['api']['imports'][':entity']['$post'], 200>, string>
export type ImportEntity = ImportReport['entity']
export type SourceColumn = ImportReport['columns']['sources'][number]
export type ValueToMap = ImportReport['values'][number]
export interface ImportProgress { phase: 'read' | 'check' | 'write'; done: number; total: number }
export interface ImportOptions {
  entity: ImportEntity
  file: File
  mode: 'preview' | 'commit'
  encoding: 'auto' | 'utf-8' | 'gb18030'
  crs: string
  swapLonLat: boolean
  skipRejected: boolean
  /** The user's own column and value decisions; the server's guesses fill the rest. */
  mapping: ImportMapping
  /** A template id, 'none' to apply none, or 'auto': the office's template for these headers, if there is one. */
  template: string
  /** Commit only: save the effective mapping under this name. */
  saveTemplate: string | null
}

type Line = { type: 'progress' } & ImportProgress | { type: 'report'; report: ImportReport } | { type: 'error'; status: number; error: { code: string; message: string } }

export async function runImport(api: ApiClient, options: ImportOptions, onProgress: (p: ImportProgress) => void, signal?: AbortSignal): Promise<ImportReport> {
  const { entity, file, mode, encoding, crs, swapLonLat, skipRejected, mapping, template, saveTemplate } = options
  const form = {
    file, mode, encoding, crs: crs as 'auto', swapLonLat: String(swapLonLat) as 'true', skipRejected: String(skipRejected) as 'true',
    mapping: mappingField(mapping),
    ...(template === 'auto' ? {} : { template }),
    ...(mode === 'commit' && saveTemplate ? { saveTemplate } : {}),
  }
  const res = await api.api.imports[':entity'].$post({ param: { entity }, form }, { headers: { accept: 'application/x-ndjson' }, init: { signal } })
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`)
  }
  // The report is the last line; the stream is still read to its end, or the browser counts the request as aborted.
  let report: ImportReport | null = null
  for await (const line of ndjsonLines(res.body)) {
    const message = line as Line
    if (message.type === 'progress') onProgress(message)
    if (message.type === 'report') report = message.report
    if (message.type === 'error') throw new ApiError(message.status, message.error.code, message.error.message)
  }
  if (!report) throw new ApiError(502, 'incomplete_response', 'the server stopped before reporting')
  return report
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
