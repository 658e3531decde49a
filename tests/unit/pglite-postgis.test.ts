import { createReadStream } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import type { Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import tar from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { postgisExtension } from '../../db/pglite-postgis.ts'

/** Each entry of a .tar.gz bundle: its name and size. */
async function entriesOf(bundle: URL): Promise<Map<string, number>> {
  const entries = new Map<string, number>()
  const extract = tar.extract()
  extract.on('entry', (header, stream, next) => {
    entries.set(header.name, header.size ?? 0)
    stream.on('end', next)
    stream.resume()
  })
  await pipeline(createReadStream(fileURLToPath(bundle)), createGunzip(), extract)
  return entries
}

const bundleOf = async (extension: Extension) => (await extension.setup({} as never, { PGLITE_ENV: {} })).bundlePath!

describe('the embedded engine’s PostGIS bundle', () => {
  it('is the package’s own, without the raster and topology libraries SiteGrid never creates', async () => {
    const [own, loaded] = await Promise.all([entriesOf(await bundleOf(postgis)), entriesOf(await bundleOf(await postgisExtension()))])
    const dropped = [...own.keys()].filter((name) => !loaded.has(name))
    expect(dropped.sort()).toEqual(['lib/postgresql/postgis_raster-3.so', 'lib/postgresql/postgis_topology-3.so'])
    for (const [name, size] of loaded) expect(own.get(name), name).toBe(size)
    expect(loaded.get('lib/postgresql/postgis-3.so')).toBeGreaterThan(1e6)
  })
})
