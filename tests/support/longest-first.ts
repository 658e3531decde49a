import { BaseSequencer, type TestSpecification } from 'vitest/node'

/*
 * The one API file that seeds a whole 6,000-site city (minutes on PGlite) starts first, so that it does not finish
 * alone at the end while the other worker idles; the rest follow in vitest's own order. (The browser files cannot be
 * moved: vitest runs a project limited to one file at a time as a group of its own, after all the others.)
 */
const startsFirst = (spec: TestSpecification) => spec.moduleId.endsWith('tests/api/seed.test.ts')

export default class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    return [...sorted.filter(startsFirst), ...sorted.filter((spec) => !startsFirst(spec))]
  }
}
