import { describe, expect, it } from 'vitest'
import { filterFromSearch, searchWithFilter, withValue } from '../../web/map/site-filter.ts'

describe('site filter in the URL', () => {
  it('round-trips through the search string and keeps unrelated parameters', () => {
    const search = searchWithFilter('?token=abc', { kind: 'housing', grade: 'red,orange' })
    expect(search).toBe('?token=abc&kind=housing&grade=red%2Corange')
    expect(filterFromSearch(search)).toEqual({ kind: 'housing', grade: 'red,orange' })
  })

  it('ignores unknown parameters and drops cleared values', () => {
    expect(filterFromSearch('?kind=municipal&evil=<script>')).toEqual({ kind: 'municipal' })
    expect(searchWithFilter('?kind=housing', {})).toBe('')
    expect(withValue({ kind: 'housing', key: 'true' }, 'kind', '')).toEqual({ key: 'true' })
  })
})
