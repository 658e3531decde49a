import { describe, expect, it } from 'vitest'
import { readBoolean, readDate, readDateTime, readEnum, readIdentifier, readNumber, readText } from '../../server/domain/import-cells.ts'
import { normalizeHeader } from '../../server/domain/import-columns.ts'
import { crsFromDeclaration, guessCrs, positionProblem, toWgs84 } from '../../server/domain/import-crs.ts'
import { normalizePolygons, signedArea } from '../../server/domain/import-geometry.ts'
import { KIND_ZH } from '../../server/domain/labels-zh.ts'

describe('reading cells the way offices write them', () => {
  it('reads dates in Chinese and Excel forms, and refuses days that do not exist', () => {
    for (const text of ['2021-3-1', '2021/03/01', '2021.3.1', '2021年3月1日']) expect(readDate(text)).toEqual({ value: '2021-03-01' })
    expect(readDate(new Date(Date.UTC(2021, 2, 1)))).toEqual({ value: '2021-03-01' })
    expect(readDate('2021-02-29')).toEqual({ issue: 'invalid_date' })
    expect(readDate('三月一日')).toEqual({ issue: 'invalid_date' })
  })
  it('reads times as Beijing wall clock', () => {
    expect(readDateTime('2021-03-01 09:30')).toEqual({ value: '2021-03-01T09:30:00+08:00' })
    expect(readDateTime('2021年3月1日 9时05分')).toEqual({ value: '2021-03-01T09:05:00+08:00' })
    expect(readDateTime(new Date(Date.UTC(2021, 2, 1, 9, 30)))).toEqual({ value: '2021-03-01T09:30:00+08:00' })
    expect(readDateTime('2021-03-01 25:00')).toEqual({ issue: 'invalid_date' })
  })
  it('reads numbers with separators and full-width digits, within range', () => {
    expect(readNumber('12,000')).toEqual({ value: 12000 })
    expect(readNumber('１２．５')).toEqual({ value: 12.5 })
    expect(readNumber('NaN')).toEqual({ issue: 'invalid_number' })
    expect(readNumber('-1', 0)).toEqual({ issue: 'out_of_range' })
    expect(readNumber('')).toEqual({ value: null })
  })
  it('reads labels as codes, yes/no, and limits text', () => {
    expect(readEnum('房屋建筑', KIND_ZH)).toEqual({ value: 'housing' })
    expect(readEnum('MUNICIPAL', KIND_ZH)).toEqual({ value: 'municipal' })
    expect(readEnum('航天工程', KIND_ZH)).toEqual({ issue: 'unknown_value' })
    expect(readBoolean('是')).toEqual({ value: true })
    expect(readBoolean('离线')).toEqual({ value: false })
    expect(readBoolean('也许')).toEqual({ issue: 'invalid_boolean' })
    expect(readText('x'.repeat(201))).toEqual({ issue: 'too_long' })
  })

  it('reads codes that go on the wire (device codes, HJ 212 MNs) as ASCII only, numbers included', () => {
    expect(readIdentifier(' 320500DM000001 ', 1, 64)).toEqual({ value: '320500DM000001' })
    expect(readIdentifier(88888880000001, 1, 64)).toEqual({ value: '88888880000001' })
    for (const bad of ['MN 01', '设备01', 'a;b', 'x'.repeat(65)]) expect(readIdentifier(bad, 1, 64)).toEqual({ issue: 'invalid_identifier' })
    expect(readIdentifier('ab', 3, 64)).toEqual({ issue: 'invalid_identifier' })
    expect(readIdentifier('', 3, 64)).toEqual({ value: null })
  })
})

describe('columns', () => {
  it('match whatever brackets, units and CRS tags they carry', () => {
    expect(normalizeHeader('经度(高德)')).toBe('经度')
    expect(normalizeHeader('gcj_lng')).toBe('lng')
    expect(normalizeHeader('朝向(°)')).toBe('朝向')
    expect(normalizeHeader(' Site_Code ')).toBe('sitecode')
  })
})

describe('coordinate systems', () => {
  it('tells swapped, out-of-range and far-away positions apart', () => {
    expect(positionProblem([120.62, 31.3])).toBeNull()
    expect(positionProblem([31.3, 120.62])).toBe('swapped')
    expect(positionProblem([116.39, 39.9])).toBe('outside_city')
    expect(positionProblem([200, 31])).toBe('out_of_range')
    expect(positionProblem([Number.NaN, 31])).toBe('not_a_number')
  })
  it('guesses from a hint first, then from the numbers, and says when it is only a guess', () => {
    expect(guessCrs(['经度(百度)'], [[120.6, 31.3]])).toMatchObject({ crs: 'bd09', certain: true })
    expect(guessCrs(['X'], [[557_000, 3_464_000]])).toMatchObject({ crs: 'cgcs2000_gk120', certain: false })
    expect(guessCrs(['lon'], [[120.6, 31.3]])).toMatchObject({ crs: 'wgs84', certain: false })
    expect(guessCrs(['lon'], [[120.6, 31.3]], '工地2000个_1984.csv')).toMatchObject({ crs: 'wgs84', certain: false, reason: expect.stringContaining('degrees') })
    expect(guessCrs(['lon'], [[120.6, 31.3]], 'sites_gcj02.csv')).toMatchObject({ crs: 'gcj02', certain: false })
    expect(crsFromDeclaration('urn:ogc:def:crs:EPSG::4490')).toBe('cgcs2000')
    expect(crsFromDeclaration('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('wgs84')
  })
  it('moves GCJ-02 and BD-09 the right way: both offsets put the WGS-84 point south-west of the shifted one', () => {
    const [lon, lat] = toWgs84([120.610463, 31.330882], 'gcj02')
    expect(lon).toBeLessThan(120.610463 - 0.003)
    expect(lat).toBeGreaterThan(31.330882 + 0.001)
    const [blon] = toWgs84([120.617, 31.337], 'bd09')
    expect(blon).toBeLessThan(120.617 - 0.008)
    expect(toWgs84([120.6, 31.3], 'cgcs2000')).toEqual([120.6, 31.3])
  })
})

describe('polygon repairs', () => {
  const square = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]] as [number, number][]
  const same = (p: [number, number]) => p
  it('closes rings and winds them outer counter-clockwise, holes clockwise', () => {
    const open = normalizePolygons({ type: 'Polygon', coordinates: [square.slice(0, 4)] }, same)
    expect(open).toMatchObject({ closed: true, rewound: false, degenerate: false })
    const clockwise = normalizePolygons({ type: 'Polygon', coordinates: [[...square].reverse(), square] }, same)
    expect(clockwise.rewound).toBe(true)
    expect(signedArea(clockwise.coordinates[0][0])).toBeGreaterThan(0)
    expect(signedArea(clockwise.coordinates[0][1])).toBeLessThan(0)
  })
  it('calls a ring of fewer than four positions degenerate', () => {
    expect(normalizePolygons({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, same).degenerate).toBe(true)
    expect(normalizePolygons({ type: 'MultiPolygon', coordinates: [] }, same).degenerate).toBe(true)
  })
})
