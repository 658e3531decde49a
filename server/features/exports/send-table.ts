import type { Context } from 'hono'
import { contentDisposition, CONTENT_TYPES, type ExportFormat, type ExportTable, render } from './formats.ts'

/**
 * An export table as a download in the chosen format: its content type, its Chinese file name, and no caching.
 * Every route that exports a table answers through this.
 */
export async function sendTable(c: Context, table: ExportTable, format: ExportFormat) {
  const body = await render(table, format)
  return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
    'content-type': CONTENT_TYPES[format], 'content-disposition': contentDisposition(table.title, format), 'cache-control': 'no-store',
  }) as never
}
