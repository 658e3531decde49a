/*
 * One spreadsheet cell read as the value a column needs, the way an office's file writes it: Chinese labels as
 * well as codes, 是/否, dates as 2021-3-1, 2021/03/01, 2021年3月1日 or an Excel date, times in Beijing time.
 * A cell that cannot be read gives an issue code the screen translates, never a guess.
 */

export type CellInput = string | number | boolean | Date | null | undefined
export type CellResult<T> = { value: T | null } | { issue: 'invalid_number' | 'out_of_range' | 'invalid_date' | 'unknown_value' | 'too_long' | 'invalid_boolean' | 'invalid_identifier' }

export function isBlank(cell: CellInput): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '')
}

export function readText(cell: CellInput, maxLength = 200): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  const text = cell instanceof Date ? cell.toISOString() : String(cell).trim()
  return text.length > maxLength ? { issue: 'too_long' } : { value: text }
}

/** A code that goes on the wire (a device's code, an HJ 212 MN): ASCII letters, digits and _ . : - only. */
export function readIdentifier(cell: CellInput, minLength: number, maxLength: number): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  const text = String(cell).trim()
  return text.length >= minLength && text.length <= maxLength && /^[A-Za-z0-9_.:-]+$/.test(text) ? { value: text } : { issue: 'invalid_identifier' }
}

export function readNumber(cell: CellInput, min = -Infinity, max = Infinity): CellResult<number> {
  if (isBlank(cell)) return { value: null }
  // Thousands separators and full-width digits are how Chinese spreadsheets often write numbers.
  const n = typeof cell === 'number' ? cell : Number(String(cell).trim().replace(/[,，]/g, '').replace(/[０-９．－]/g, fullWidth))
  if (typeof cell === 'boolean' || cell instanceof Date || !Number.isFinite(n)) return { issue: 'invalid_number' }
  return n < min || n > max ? { issue: 'out_of_range' } : { value: n }
}

function fullWidth(ch: string): string {
  return ch === '．' ? '.' : ch === '－' ? '-' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)
}

const DATE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/
const DATE_TIME = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[\sT]+(\d{1,2})[:：时](\d{2})(?:分|[:：分](\d{2})秒?)?$/
const pad = (n: string | number) => String(n).padStart(2, '0')

/** A calendar day, YYYY-MM-DD. Excel dates arrive as Date at UTC midnight of the day shown. */
export function readDate(cell: CellInput): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? { issue: 'invalid_date' } : { value: cell.toISOString().slice(0, 10) }
  const match = DATE.exec(String(cell).trim())
  if (!match) return { issue: 'invalid_date' }
  return realDay(+match[1], +match[2], +match[3])
}

/** An instant from a Beijing wall-clock time, as ISO 8601 with +08:00. Excel times are wall clock stored as UTC. */
export function readDateTime(cell: CellInput): CellResult<string> {
  if (isBlank(cell)) return { value: null }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { issue: 'invalid_date' }
    return { value: `${cell.toISOString().slice(0, 19)}+08:00` }
  }
  const text = String(cell).trim()
  const match = DATE_TIME.exec(text)
  if (!match) return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)) ? { value: text } : { issue: 'invalid_date' }
  const day = realDay(+match[1], +match[2], +match[3])
  if (!('value' in day)) return day
  const [h, m, s] = [+match[4], +match[5], +(match[6] ?? 0)]
  if (h > 23 || m > 59 || s > 59) return { issue: 'invalid_date' }
  return { value: `${day.value}T${pad(h)}:${pad(m)}:${pad(s)}+08:00` }
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
  const text = String(cell).trim().toLowerCase()
  return TRUE.has(text) ? { value: true } : FALSE.has(text) ? { value: false } : { issue: 'invalid_boolean' }
}

/** A code of `values`, given as the code itself or its Chinese label. */
export function readEnum<T extends string>(cell: CellInput, labels: Record<T, string>): CellResult<T> {
  if (isBlank(cell)) return { value: null }
  const text = String(cell).trim()
  const code = (Object.keys(labels) as T[]).find((k) => k === text.toLowerCase() || labels[k] === text)
  return code ? { value: code } : { issue: 'unknown_value' }
}
