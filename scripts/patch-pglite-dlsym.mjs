/*
 * Run after install (package.json postinstall), beside patch-package: PGlite's dlsym (Emscripten's, as built into
 * @electric-sql/pglite 0.5.x) computes `Object.keys(lib.exports).indexOf(symbol)` at every lookup, a new array of
 * the library's thousands of exports each time, though only the rare lookup that must add a function to the table
 * uses that index. PostgreSQL looks a C function up the first time each database calls it, so PostGIS paid it all
 * over: CREATE EXTENSION postgis spent 3.7 s in 1,224 lookups (8 ms with the index taken only where it is used),
 * and each new database some 8 ms for every PostGIS function its first queries touch. The fix moves the index into
 * that branch. patch-package cannot carry it: the bundles are minified into lines of hundreds of kilobytes, so its
 * patch was 2.2 MB. Idempotent; fails loudly if a new PGlite no longer has either form, so that the change is seen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
// if(o=Object.keys(s.exports).indexOf(t),a=s.exports[t],typeof a=="function"){var n=getFunctionAddress(a);n?a=n:(a=addFunction(a,a.sig),HEAPU32[r>>2]=o)}
const EAGER = /if\((\w+)=Object\.keys\((\w+)\.exports\)\.indexOf\(t\),(\w+)=\2\.exports\[t\],typeof \3=="function"\)\{var (\w+)=getFunctionAddress\(\3\);\4\?\3=\4:\(\3=addFunction\(\3,\3\.sig\),HEAPU32\[r>>2\]=\1\)\}/
const LAZY = /\(\w+=Object\.keys\(\w+\.exports\)\.indexOf\(t\),\w+=addFunction\(/

for (const file of ['index.js', 'index.cjs', 'pglite.cjs']) {
  const target = path.join(dist, file)
  const source = readFileSync(target, 'utf8')
  if (LAZY.test(source)) continue
  if (!EAGER.test(source)) throw new Error(`${target}: PGlite's dlsym is not in the form this patch knows; check whether it still needs it`)
  writeFileSync(target, source.replace(EAGER, (_, index, lib, value, address) =>
    `if(${value}=${lib}.exports[t],typeof ${value}=="function"){var ${address}=getFunctionAddress(${value});${address}?${value}=${address}:(${index}=Object.keys(${lib}.exports).indexOf(t),${value}=addFunction(${value},${value}.sig),HEAPU32[r>>2]=${index})}`))
}
