/*
 * One spreadsheet cell read as the value a column needs, the way an office's file writes it: Chinese labels as
 * well as codes, 是/否, dates as 2021-3-1, 2021/03/01, 2021年3月1日, 21/3/1, 2021年3月 or an Excel date, times in
 * Beijing time, positions in decimal degrees, metres or degree-minute-second. A cell that cannot be read gives an
 * issue code the screen translates, never a guess.
 */

export type CellInput = string | number | boolean | Date | null | undefined
export type CellResult<T> = { value: T | null } | { issue: 'invalid_number' | 'out_of_range' | 'invalid_date' | 'unknown_value' | 'too_long' | 'too_short' | 'invalid_boolean' | 'invalid_identifier' }

export function isBlank(cell: CellInput): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')
}

/**
 * A cell as ASCII where it can be: a Chinese IME types full-width digits, letters, punctuation and U+3000 spaces
 * (１２．５, ＧＤ－００１, 120.62，31.30), which NFKC turns into their ASCII twins. Not for free text: a name
 * keeps the characters it was written with.
 */
const ascii = (cell: CellInput) => String(cell).normalize('NFKC').trim()

export function readText(cell: CellInput, maxLength = 200, minLength = 1): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  const text = cell instanceof Date ? cell.toISOString() : String(cell).trim()
  return text.length > maxLength ? { issue: 'too_long' } : text.length < minLength ? { issue: 'too_short' } : { value: text }
}

/** A code that goes on the wire (a device's code, an HJ 212 MN): ASCII letters, digits and _ . : - only. */
export function readIdentifier(cell: CellInput, minLength: number, maxLength: number): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  const text = ascii(cell)
  return text.length >= minLength && text.length <= maxLength && /^[A-Za-z0-9_.:-]+$/.test(text) ? { value: text } : { issue: 'invalid_identifier' }
}

/** A project's or a grid's code as offices type it (ＧＤ ２０２１－００１): spaces inside mean nothing in a code. */
export function readCode(cell: CellInput, maxLength: number): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  const code = ascii(cell).replace(/\s+/g, '')
  return code.length > maxLength ? { issue: 'too_long' } : { value: code }
}

export function readNumber(cell: CellInput, min = -Infinity, max = Infinity): CellResult<number> {
  if (isBlank(cell)) return { value: null }
  // Thousands separators are how Chinese spreadsheets often write numbers.
  const n = typeof cell === 'number' ? cell : Number(ascii(cell).replace(/,/g, ''))
  if (typeof cell === 'boolean' || cell instanceof Date || !Number.isFinite(n)) return { issue: 'invalid_number' }
  return n < min || n > max ? { issue: 'out_of_range' } : { value: n }
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/
// 21/3/1: the same separator twice, so that a two-digit year is not mistaken for a stray number.
const SHORT_DATE = /^(\d{2})([-/.])(\d{1,2})\2(\d{1,2})$/
// A ledger that only knows the month a works started (2021-03, 2021年3月) means its first day.
const MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/
const DATE_TIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]+(\d{1,2})[:：时](\d{2})(?:分|[:：分](\d{2})秒?)?$/
const SERIAL = /^\d{5}(\.\d+)?$/
const pad = (n: string | number) => String(n).padStart(2, '0')

/**
 * An Excel date as the UTC instant of its wall-clock time, or null when the number is not one. Only 20000–80000
 * (1954–2119) is taken for a date, so that an area or a count is never read as one. Excel counts a 29 February
 * 1900 that never was, so from 1 March 1900 on, day n is n days after 1899-12-30.
 */
function fromExcelSerial(cell: string | number): Date | null {
  const serial = typeof cell === 'number' ? cell : SERIAL.test(cell) ? Number(cell) : Number.NaN
  if (!(serial >= 20_000 && serial <= 80_000)) return null
  // Excel stores 12:00 as 0.5 in binary; whole seconds undo the rounding (0.3750000001 is 09:00:00).
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400) * 1000)
}

/** A calendar day, YYYY-MM-DD. Excel dates arrive as Date at UTC midnight of the day shown, or as serial numbers. */
export function readDate(cell: CellInput): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { issue: 'invalid_date' } : { value: cell.toISOString().slice(0, 10) }
  if (typeof cell === 'boolean') return { issue: 'invalid_date' }
  // A number is only ever an Excel serial: 2021.10 as a number is 2021.1, so it cannot be read as a month.
  const text = typeof cell === 'number' ? cell : ascii(cell)
  const serial = fromExcelSerial(text)
  if (serial) return fromInstant(serial).day
  if (typeof text === 'number') return { issue: 'invalid_date' }
  const full = DATE.exec(text)
  if (full) return realDay(+full[1], +full[2], +full[3])
  const short = SHORT_DATE.exec(text)
  // Two-digit years as Excel reads them: 00–69 are 20xx, 70–99 are 19xx.
  if (short) return realDay(+short[1] + (+short[1] < 70 ? 2000 : 1900), +short[3], +short[4])
  const month = MONTH.exec(text)
  return month ? realDay(+month[1], +month[2], 1) : { issue: 'invalid_date' }
}

/** An instant from a Beijing wall-clock time, as ISO 8601 with +08:00. Excel times are wall clock stored as UTC. */
export function readDateTime(cell: CellInput): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { issue: 'invalid_date' }
    return { value: `${cell.toISOString().slice(0, 19)}+08:00` }
  }
  if (typeof cell === 'boolean') return { issue: 'invalid_date' }
  const text = typeof cell === 'number' ? cell : ascii(cell)
  const serial = fromExcelSerial(text)
  if (serial) return fromInstant(serial).time
  if (typeof text === 'number') return { issue: 'invalid_date' }
  const match = DATE_TIME.exec(text)
  if (!match) return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)) ? { value: text } : { issue: 'invalid_date' }
  const day = realDay(+match[1], +match[2], +match[3])
  if (!('value' in day)) return day
  const [h, m, s] = [+match[4], +match[5], +(match[6] ?? 0)]
  if (h > 23 || m > 59 || s > 59) return { issue: 'invalid_date' }
  return { value: `${day.value}T${pad(h)}:${pad(m)}:${pad(s)}+08:00` }
}

/** An Excel serial's day and wall-clock time, held to the same years as a typed date. */
function fromInstant(instant: Date): { day: CellResult<string>; time: CellResult<string> } {
  const day = realDay(instant.getUTCFullYear(), instant.getUTCMonth() + 1, instant.getUTCDate())
  return { day, time: 'value' in day ? { value: `${instant.toISOString().slice(0, 19)}+08:00` } : day }
}

function realDay(y: number, m: number, d: number): CellResult<string> {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1990 || y > 2100) return { issue: 'invalid_date' }
  return { value: `${y}-${pad(m)}-${pad(d)}` }
}

const TRUE = new Set(['是', '有', '在线', 'true', 'yes', 'y', '1', '√'])
const FALSE = new Set(['否', '无', '离线', 'false', 'no', 'n', '0', '×'])

export function readBoolean(cell: CellInput): CellResult<boolean> {
  if (isBlank(cell)) return { value: null }
  if (typeof cell === 'boolean') return { value: cell }
  const text = ascii(cell).toLowerCase()
  return TRUE.has(text) ? { value: true } : FALSE.has(text) ? { value: false } : { issue: 'invalid_boolean' }
}

// Spaces inside a label are typing, not meaning (主体 结构, HJ212 for HJ 212).
const enumKey = (text: string) => text.normalize('NFKC').replace(/\s+/g, '')

/** A code of `values`, given as the code itself or its Chinese label. */
export function readEnum<T extends string>(cell: CellInput, labels: Record<T, string>): CellResult<T> {
  if (isBlank(cell)) return { value: null }
  const text = enumKey(String(cell))
  const code = (Object.keys(labels) as T[]).find((k) => k === text.toLowerCase() || enumKey(labels[k]) === text)
  return code ? { value: code } : { issue: 'unknown_value' }
}

// Commas only in groups of three: 120,62 is a decimal comma, not 12062, and is refused rather than misread.
const PLAIN = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i
const HEMISPHERE = '(东经|西经|北纬|南纬|[NSEW东西南北])'
// After NFKC a ″ is two ′, and IMEs give ’ and ” for ' and ": every way a minute and a second mark is typed.
const DMS = new RegExp(
  `^${HEMISPHERE}?\\s*(-)?(\\d+(?:\\.\\d+)?)\\s*(?:[°度]\\s*(?:(\\d+(?:\\.\\d+)?)\\s*[′'’分]\\s*(?:(\\d+(?:\\.\\d+)?)\\s*(?:′′|''|’’|["”秒])\\s*)?)?)?${HEMISPHERE}?$`, 'i',
)

/** A longitude, latitude or projected metre value: decimal, or degree-minute-second (120°37′12″E, 31度18分N). */
export function readCoordinate(cell: CellInput): CellResult<number> {
  if (isBlank(cell)) return { value: null }
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell } : { issue: 'invalid_number' }
  if (typeof cell !== 'string') return { issue: 'invalid_number' }
  const text = ascii(cell)
  if (PLAIN.test(text)) return { value: Number(text.replace(/,/g, '')) }
  const dms = DMS.exec(text)
  if (!dms) return { issue: 'invalid_number' }
  const [, before, minus, deg, min, sec, after] = dms
  const hemisphere = (before ?? after ?? '').toUpperCase()
  // One way of saying the side only, and a fraction only on the last part written (120.5°37′ means nothing).
  if ((before && after) || (minus && hemisphere) || (min !== undefined && deg.includes('.')) || (sec !== undefined && min.includes('.'))) {
    return { issue: 'invalid_number' }
  }
  const [m, s] = [Number(min ?? 0), Number(sec ?? 0)]
  if (m >= 60 || s >= 60) return { issue: 'invalid_number' }
  const negative = minus !== undefined || /^[SW]$|^[西南]/.test(hemisphere)
  return { value: (negative ? -1 : 1) * (Number(deg) + m / 60 + s / 3600) }
}

/**
 * Two coordinates in one cell, in the order written: 120.62,31.30, (120.62, 31.30), 120.62;31.30, 120.62 31.30 or
 * a DMS pair. Between two numbers a space is the separator only where exactly one split leaves two coordinates,
 * since a DMS value may hold spaces of its own (120° 37′ 12″ E 31° 18′ N).
 */
export function readCoordinatePair(cell: CellInput): CellResult<[number, number]> {
  if (isBlank(cell)) return { value: null }
  if (typeof cell !== 'string') return { issue: 'invalid_number' }
  const text = ascii(cell).replace(/^\((.*)\)$|^\[(.*)\]$/, '$1$2').trim()
  const separator = text.includes(';') ? ';' : text.includes(',') ? ',' : null
  const splits = separator
    ? [text.split(separator)].filter((parts) => parts.length === 2)
    : [...text.matchAll(/\s+/g)].map((space) => [text.slice(0, space.index), text.slice(space.index + space[0].length)])
  const pairs = splits.flatMap(([a, b]) => {
    const [first, second] = [readCoordinate(a), readCoordinate(b)]
    return 'value' in first && 'value' in second && first.value !== null && second.value !== null ? [[first.value, second.value] as [number, number]] : []
  })
  return pairs.length === 1 ? { value: pairs[0] } : { issue: 'invalid_number' }
}
