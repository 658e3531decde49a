import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { adminTotpPolicy, type Config } from '../../config.ts'
import type { Role } from '../../domain/roles.ts'

/*
 * Time-based one-time codes (RFC 6238) through `otpauth`, configured the one way every authenticator app reads:
 * HMAC-SHA-1, 6 digits, 30-second steps, a 160-bit secret (RFC 4226 §4). A code is accepted one step either side
 * of the server's clock, and the repo makes each step good once (totp_last_step).
 */

const ISSUER = 'SiteGrid'
const ALGORITHM = 'SHA1'
const DIGITS = 6
const PERIOD_S = 30
const WINDOW = 1
const SECRET_BYTES = 20
export const RECOVERY_CODE_COUNT = 10

const totpOf = (secretBase32: string, digits: number, label = '') =>
  new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: ALGORITHM, digits, period: PERIOD_S })

export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32

/** The `otpauth://totp/SiteGrid:<user>?secret=…` URI an authenticator app scans. */
export const otpauthUri = (secretBase32: string, username: string): string => totpOf(secretBase32, DIGITS, username).toString()

/** The URI as a QR code, an SVG in a data: URL, so that the page shows it as an image (the CSP allows img-src data:). */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

/** The code for the step `at` falls in (tests and the RFC vectors; `digits` only for the RFC's 8-digit ones). */
export const codeAt = (secretBase32: string, at: Date, digits = DIGITS): string => totpOf(secretBase32, digits).generate({ timestamp: at.getTime() })

/** The 30-second step a code belongs to when it is valid at `at` (±1 step), or null. */
export function acceptedStep(secretBase32: string, code: string, at: Date, digits = DIGITS): number | null {
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null
  const totp = totpOf(secretBase32, digits)
  const delta = totp.validate({ token: code, timestamp: at.getTime(), window: WINDOW })
  return delta === null ? null : totp.counter({ timestamp: at.getTime() }) + delta
}

/** 80 random bits each, shown as XXXX-XXXX-XXXX-XXXX in an alphabet without 0/O or 1/I confusion (base32). */
export const newRecoveryCodes = (): string[] =>
  Array.from({ length: RECOVERY_CODE_COUNT }, () => new Secret({ size: 10 }).base32.match(/.{4}/g)!.join('-'))

/** As typed: case, spaces and dashes do not matter. SHA-256 is enough for 80 random bits (nothing to brute-force). */
export const recoveryCodeHash = (code: string): string =>
  createHash('sha256').update(code.toUpperCase().replace(/[^A-Z2-7]/g, '')).digest('hex')

/*
 * At rest, a secret is AES-256-GCM encrypted under TOTP_ENCRYPTION_KEY when that is set, so that a database dump or
 * backup alone does not give away second factors. A secret stored before the key was set is still read.
 */
const SEALED = 'aes256gcm:'

export function sealSecret(secretBase32: string, keyBase64: string | undefined): string {
  if (!keyBase64) return secretBase32
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv)
  const sealed = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()])
  return `${SEALED}${[iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64')).join(':')}`
}

export function openSecret(stored: string, keyBase64: string | undefined): string {
  if (!stored.startsWith(SEALED)) return stored
  if (!keyBase64) throw new Error('a TOTP secret is encrypted but TOTP_ENCRYPTION_KEY is not set')
  const [iv, tag, sealed] = stored.slice(SEALED.length).split(':').map((part) => Buffer.from(part, 'base64'))
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keyBase64, 'base64'), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')
}

/**
 * What the web app should do about a user's second factor: nothing, ask them to enrol (`prompt`), or show only the
 * enrolment until they do (`required`: their session reaches /api/auth/* and nothing else).
 */
export type Enrolment = 'none' | 'prompt' | 'required'

export function enrolmentOf(config: Pick<Config, 'ADMIN_TOTP' | 'NODE_ENV'>, role: Role, enabled: boolean): Enrolment {
  if (enabled || role !== 'admin') return 'none'
  return adminTotpPolicy(config)
}

/** Whether the policy forbids this role to turn its second factor off. */
export const mayDisable = (config: Pick<Config, 'ADMIN_TOTP' | 'NODE_ENV'>, role: Role) => role !== 'admin' || adminTotpPolicy(config) !== 'required'
