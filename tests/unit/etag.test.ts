import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { holdsCurrent } from '../../server/http/etag.ts'

describe('If-None-Match (RFC 9110 §13.1.2)', () => {
  it('matches the tag itself, weakly, within a list, or *', () => {
    expect(holdsCurrent('"abc"', '"abc"')).toBe(true)
    expect(holdsCurrent('W/"abc"', '"abc"')).toBe(true)
    expect(holdsCurrent('"abc"', 'W/"abc"')).toBe(true)
    expect(holdsCurrent('"x", "y" ,W/"abc"', '"abc"')).toBe(true)
    expect(holdsCurrent(' * ', '"abc"')).toBe(true)
  })

  it('does not match another tag, a part of one, an unquoted one, or nothing', () => {
    expect(holdsCurrent('"abcd"', '"abc"')).toBe(false)
    expect(holdsCurrent('abc', '"abc"')).toBe(false)
    expect(holdsCurrent('"a,bc", "x"', '"abc"')).toBe(false)
    expect(holdsCurrent('', '"abc"')).toBe(false)
    expect(holdsCurrent(undefined, '"abc"')).toBe(false)
  })

  it('finds a tag with commas in it anywhere in any list', () => {
    const tag = fc.stringMatching(/^[!#-~]{0,12}$/)
    fc.assert(fc.property(fc.array(tag, { maxLength: 5 }), tag, fc.nat(5), fc.boolean(), (others, mine, at, weak) => {
      const list = others.filter((o) => o !== mine).map((o) => `"${o}"`)
      list.splice(Math.min(at, list.length), 0, `${weak ? 'W/' : ''}"${mine}"`)
      expect(holdsCurrent(list.join(', '), `"${mine}"`)).toBe(true)
      expect(holdsCurrent(list.filter((t) => !t.endsWith(`"${mine}"`)).join(','), `"${mine}"`)).toBe(false)
    }))
  })
})
