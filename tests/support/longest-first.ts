import { BaseSequencer, type TestSpecification } from 'vitest/node'

/*
 * Vitest runs one project after another (api, e2e, unit), so the browser files, which run one at a time, came
 * last as a chain of several minutes with the other worker idle. They go first instead, and so does the one API
 * file that seeds a whole 6,000-site city; everything else follows in vitest's own order and fills the other worker.
 */
const startsFirst = (spec: TestSpecification) => spec.project.name === 'e2e' || spec.moduleId.endsWith('tests/api/seed.test.ts')

export default class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    return [...sorted.filter(startsFirst), ...sorted.filter((spec) => !startsFirst(spec))]
  }
}
