import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  readBoolean, readCode, readCoordinate, readCoordinatePair, readDate, readDateTime, readEnum, readIdentifier, readNumber,
} from '../../server/domain/import-cells.ts'
import { DEVICE_PROTOCOL_ZH, STAGE_ZH } from '../../server/domain/labels-zh.ts'

/** ASCII digits as a Chinese IME's full-width ones (０–９). */
const fullWidth = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)
const realDays = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => ({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), iso: d.toISOString().slice(0, 10) }))

describe('dates as offices write them', () => {
  it('reads whole days, month-only days and two-digit years', () => {
    for (const text of ['2021.3.1', '2021-03-01', '2021/3/1', '2021年3月1日', '2021 年 3 月 1 日', '21/3/1', '21.3.1', '21-3-1', '21/03/01']) {
      expect(readDate(text), text).toEqual({ value: '2021-03-01' })
    }
    for (const text of ['2021-03', '2021/3', '2021.03', '2021年3月', '2021年03月']) expect(readDate(text), text).toEqual({ value: '2021-03-01' })
    expect(readDate('2021.10')).toEqual({ value: '2021-10-01' })
    expect(readDate('69/12/31')).toEqual({ value: '2069-12-31' })
    expect(readDate('99/3/1')).toEqual({ value: '1999-03-01' })
    expect(readDate('90/1/1')).toEqual({ value: '1990-01-01' })
  })

  it('refuses what is not one day: mixed separators, a 13th month, a 29 February that was not, years no works have', () => {
    for (const text of ['21/3-1', '2021-13', '2021年13月', '21/2/29', '2021-02-29', '70/1/1', '1/3/21', '2021', '3月1日', '2021-3-1-2']) {
      expect(readDate(text), text).toEqual({ issue: 'invalid_date' })
    }
  })

  it('reads Excel serial days, as numbers or digit strings, only in 20000–80000', () => {
    expect(readDate(44256)).toEqual({ value: '2021-03-01' })
    expect(readDate('44256')).toEqual({ value: '2021-03-01' })
    expect(readDate(44197)).toEqual({ value: '2021-01-01' })
    expect(readDate(32874)).toEqual({ value: '1990-01-01' })
    expect(readDate(44256.75)).toEqual({ value: '2021-03-01' })
    // 60 is Excel's 29 February 1900 that never was, 61 is 1 March 1900: neither is a serial this reads, nor 1954 a works' year.
    for (const serial of [60, 61, 19_999, 80_001, 20_000]) expect(readDate(serial), String(serial)).toEqual({ issue: 'invalid_date' })
    // A number is never a typed date: 2021.03 as a number cannot tell March from 2021.3.
    for (const number of [2021.03, 20210301, 2021]) expect(readDate(number), String(number)).toEqual({ issue: 'invalid_date' })
    expect(readDate('4425')).toEqual({ issue: 'invalid_date' })
  })

  it('reads full-width digits in every form', () => {
    for (const text of ['２０２１年３月１日', '２０２１．３．１', '２１／３／１', '２０２１年３月', '４４２５６']) expect(readDate(text), text).toEqual({ value: '2021-03-01' })
    expect(readDateTime('２０２１－０３－０１\u3000０９：３０')).toEqual({ value: '2021-03-01T09:30:00+08:00' })
  })

  it('reads an Excel serial with a fraction as Beijing wall clock, to the nearest second', () => {
    expect(readDateTime(44256.5)).toEqual({ value: '2021-03-01T12:00:00+08:00' })
    expect(readDateTime('44256.5')).toEqual({ value: '2021-03-01T12:00:00+08:00' })
    expect(readDateTime(44256)).toEqual({ value: '2021-03-01T00:00:00+08:00' })
    expect(readDateTime(44256 + 10 / 24 - 1e-9)).toEqual({ value: '2021-03-01T10:00:00+08:00' })
    expect(readDateTime(61.5)).toEqual({ issue: 'invalid_date' })
  })

  it('reads any real day back as itself, however it is written', () => {
    fc.assert(fc.property(realDays, ({ y, m, d, iso }) => {
      const serial = (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / 86_400_000
      const forms = [`${y}.${m}.${d}`, `${y}年${m}月${d}日`, fullWidth(`${y}年${m}月${d}日`), `${y}/${String(m).padStart(2, '0')}/${d}`, serial, String(serial)]
      if (y < 2070) forms.push(`${String(y).slice(2)}/${m}/${d}`, fullWidth(`${String(y).slice(2)}.${m}.${d}`))
      for (const form of forms) expect(readDate(form), String(form)).toEqual({ value: iso })
      if (d === 1) expect(readDate(`${y}年${m}月`)).toEqual({ value: iso })
    }), { numRuns: 300 })
  })
})

describe('codes, numbers and labels typed with full-width characters and spaces', () => {
  it('reads codes without their spaces and as ASCII', () => {
    expect(readCode('ＧＤ ２０２１－００１', 64)).toEqual({ value: 'GD2021-001' })
    expect(readCode(' GD 2021\u3000001 ', 64)).toEqual({ value: 'GD2021001' })
    expect(readCode(320500, 64)).toEqual({ value: '320500' })
    expect(readCode('\u3000', 64)).toEqual({ value: null })
    expect(readCode('GD-0001', 6)).toEqual({ issue: 'too_long' })
    expect(readCode('G D 0 0 1', 5)).toEqual({ value: 'GD001' })
  })
  it('reads full-width numbers, identifiers, yes/no and labels with spaces inside', () => {
    expect(readNumber('１２，０００．５')).toEqual({ value: 12000.5 })
    expect(readIdentifier('ＭＮ００１', 1, 64)).toEqual({ value: 'MN001' })
    expect(readBoolean('ＹＥＳ')).toEqual({ value: true })
    for (const text of ['主体 结构', '主体\u3000结构', ' 主 体 结 构 ']) expect(readEnum(text, STAGE_ZH), text).toEqual({ value: 'main_structure' })
    for (const text of ['HJ212', 'ＨＪ\u3000２１２', 'hj212']) expect(readEnum(text, DEVICE_PROTOCOL_ZH), text).toEqual({ value: 'hj212' })
    expect(readEnum('主体结构施工', STAGE_ZH)).toEqual({ issue: 'unknown_value' })
  })
  it('reads any whole number written in full-width digits as that number', () => {
    fc.assert(fc.property(fc.nat(), (n) => {
      expect(readNumber(fullWidth(String(n)))).toEqual({ value: n })
      expect(readCoordinate(fullWidth(String(n)))).toEqual({ value: n })
    }))
  })
})

describe('coordinates', () => {
  it('reads decimal degrees and metres, with thousands separators', () => {
    expect(readCoordinate('120.62')).toEqual({ value: 120.62 })
    expect(readCoordinate('１２０．６２')).toEqual({ value: 120.62 })
    expect(readCoordinate('557,000.5')).toEqual({ value: 557000.5 })
    expect(readCoordinate('3,464,000')).toEqual({ value: 3464000 })
    expect(readCoordinate(31.3)).toEqual({ value: 31.3 })
    expect(readCoordinate('')).toEqual({ value: null })
  })
  it('reads degree-minute-second in every way it is typed', () => {
    const degrees = 120 + 37 / 60 + 12 / 3600
    for (const text of ['120°37′12″', '120°37\'12"', '120°37’12”', '120°37′12″E', 'E120°37′12″', '120度37分12秒', '东经120°37′12″', '120° 37′ 12″ E', '１２０°３７′１２″']) {
      const read = readCoordinate(text)
      expect(read, text).toHaveProperty('value')
      expect((read as { value: number }).value, text).toBeCloseTo(degrees, 9)
    }
    expect((readCoordinate('120°37′12.5″E') as { value: number }).value).toBeCloseTo(degrees + 0.5 / 3600, 9)
    expect((readCoordinate('31°18′N') as { value: number }).value).toBeCloseTo(31.3, 9)
    expect((readCoordinate('120°37.2′') as { value: number }).value).toBeCloseTo(120.62, 9)
    expect((readCoordinate('31°18′S') as { value: number }).value).toBeCloseTo(-31.3, 9)
    expect((readCoordinate('W120°30′') as { value: number }).value).toBeCloseTo(-120.5, 9)
    expect((readCoordinate('-120°30′') as { value: number }).value).toBeCloseTo(-120.5, 9)
  })
  it('refuses minutes or seconds of 60 and more, two sides at once, and fractions before the last part', () => {
    for (const text of ['120°60′', '120°37′60″', '120°37′75.5″', 'E120°37′12″E', '-120°37′N', '120.5°37′', '120°37.5′12″', 'abc', '120°x', '0x10', '1e5N', '120,62,', '120,62', '1,23,456']) {
      expect(readCoordinate(text), text).toEqual({ issue: 'invalid_number' })
    }
    expect(readCoordinate(true)).toEqual({ issue: 'invalid_number' })
  })
  it('reads back any DMS written from a decimal in [0, 180), within 1e-6', () => {
    const marks = fc.constantFrom(['°', '′', '″'], ['°', "'", '"'], ['度', '分', '秒'], ['°', '’', '”'])
    const side = fc.constantFrom(['', ''], ['E', ''], ['', 'E'], ['', ' E'], ['东经', ''], ['', 'N'])
    fc.assert(fc.property(fc.integer({ min: 0, max: 180 * 3_600_000 - 1 }), marks, side, (milliseconds, [deg, min, sec], [before, after]) => {
      const x = milliseconds / 3_600_000
      const [d, m, s] = [Math.floor(milliseconds / 3_600_000), Math.floor((milliseconds % 3_600_000) / 60_000), (milliseconds % 60_000) / 1000]
      const read = readCoordinate(`${before}${d}${deg}${m}${min}${s}${sec}${after}`)
      expect('value' in read && Math.abs((read.value as number) - x)).toBeLessThan(1e-6)
    }), { numRuns: 500 })
  })

  it('reads two coordinates in one cell, in the order written', () => {
    for (const text of ['120.62,31.30', '120.62，31.30', '120.62 31.30', '(120.62, 31.30)', '（120.62，31.30）', '120.62;31.30', '120.62；31.30', ' 120.62 ,  31.30 ']) {
      expect(readCoordinatePair(text), text).toEqual({ value: [120.62, 31.3] })
    }
    expect(readCoordinatePair('31.30,120.62')).toEqual({ value: [31.3, 120.62] })
    for (const text of ['120°37′12″E, 31°18′00″N', '120°37′12″E 31°18′N', '120° 37′ 12″ E 31° 18′ N']) {
      const read = readCoordinatePair(text) as { value: [number, number] }
      expect(read.value[0], text).toBeCloseTo(120.62, 9)
      expect(read.value[1], text).toBeCloseTo(31.3, 9)
    }
    expect(readCoordinatePair('557000;3464000')).toEqual({ value: [557000, 3464000] })
    expect(readCoordinatePair('557,000.5; 3,464,000')).toEqual({ value: [557000.5, 3464000] })
    expect(readCoordinatePair('  ')).toEqual({ value: null })
  })
  it('refuses anything but exactly two coordinates', () => {
    for (const cell of ['120.62', '120.62,31.30,5', '120.62,', ',31.30', 'a,b', '120.62 31.30 5', '120.62/31.30', '120°37′12″', 120.62,
      // Two ways to split: 120 | E 31 and 120 E | 31. Which side E belongs to is a guess, so the cell is refused.
      '120 E 31']) {
      expect(readCoordinatePair(cell), String(cell)).toEqual({ issue: 'invalid_number' })
    }
  })
  it('reads back any lon/lat pair written with any of the separators', () => {
    const micro = (min: number, max: number) => fc.integer({ min: min * 1e6, max: max * 1e6 }).map((n) => (n / 1e6).toFixed(6).replace(/\.?0+$/, ''))
    const separator = fc.constantFrom(',', '，', ' ', ', ', ' , ', ';', '；', '; ', '\u3000')
    const brackets = fc.constantFrom(['', ''], ['(', ')'], ['（', '）'], ['[', ']'])
    fc.assert(fc.property(micro(73, 136), micro(3, 54), separator, brackets, (lon, lat, sep, [open, close]) => {
      expect(readCoordinatePair(`${open}${lon}${sep}${lat}${close}`)).toEqual({ value: [Number(lon), Number(lat)] })
    }), { numRuns: 500 })
  })
})
