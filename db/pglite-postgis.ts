import { createReadStream, createWriteStream } from 'node:fs'
import { rename, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createGunzip, createGzip } from 'node:zlib'
import type { Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import tar from 'tar-stream'

/*
 * PGlite compiles every shared library in an extension's bundle as it starts, used or not. PostGIS's bundle holds
 * three of ~16 MB of WebAssembly each: PostGIS itself, raster and topology, and SiteGrid creates neither of the last
 * two. Compiling them cost about 1 s of CPU at every start of the embedded engine (each test file's database too),
 * so the engine loads a copy of the bundle without them, made once per machine and PostGIS build and kept in the
 * system's temporary folder. The SQL, PROJ data and settings are the package's own.
 */

const UNUSED_LIBRARIES = new Set(['lib/postgresql/postgis_raster-3.so', 'lib/postgresql/postgis_topology-3.so'])

/** The PostGIS extension for PGlite, loading only the PostGIS library; the package's own when no copy can be made. */
export async function postgisExtension(): Promise<Extension> {
  const setup = postgis.setup
  const bundle = await slimBundle().catch(() => null)
  if (!bundle) return postgis
  return { ...postgis, setup: async (pg, options) => ({ ...(await setup(pg, options)), bundlePath: bundle }) }
}

async function slimBundle(): Promise<URL> {
  const source = fileURLToPath(new URL('./postgis.tar.gz', import.meta.resolve('@electric-sql/pglite-postgis')))
  const { size, mtimeMs } = await stat(source)
  const target = path.join(tmpdir(), `sitegrid-postgis-${size}-${Math.round(mtimeMs)}.tar.gz`)
  if (!(await stat(target).then(() => true, () => false))) {
    // Written aside and renamed, so that a start beside another never loads half a bundle.
    const partial = `${target}.${process.pid}.partial`
    try {
      await writeWithout(source, partial, UNUSED_LIBRARIES)
      await rename(partial, target)
    } catch (error) {
      await unlink(partial).catch(() => {})
      throw error
    }
  }
  return pathToFileURL(target)
}

async function writeWithout(source: string, target: string, dropped: Set<string>): Promise<void> {
  const extract = tar.extract()
  const pack = tar.pack()
  extract.on('entry', (header, stream, next) => {
    if (dropped.has(header.name)) {
      stream.on('end', next)
      stream.resume()
    } else {
      stream.pipe(pack.entry(header, next))
    }
  })
  extract.on('finish', () => pack.finalize())
  // Level 1: quick to write, and inflating it at each start costs the same at any level.
  await Promise.all([
    pipeline(createReadStream(source), createGunzip(), extract),
    pipeline(pack, createGzip({ level: 1 }), createWriteStream(target)),
  ])
}
