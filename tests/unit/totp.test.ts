import { Secret } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { adminTotpPolicy, parseConfig } from '../../server/config.ts'
import {
  acceptedStep, codeAt, enrolmentOf, mayDisable, newRecoveryCodes, newTotpSecret, openSecret, otpauthUri, qrDataUrl, recoveryCodeHash, sealSecret,
} from '../../server/features/auth/totp.ts'

/* RFC 6238 through our own configuration of `otpauth`: the published vectors, the ±1 step window, the secret at rest. */

// RFC 6238 Appendix B, HMAC-SHA-1: the ASCII secret "12345678901234567890" (base32 below), 8 digits, 30-second steps.
const RFC_SECRET = '12345678901234567890'
const RFC_SECRET_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const VECTORS: [number, string][] = [
  [59, '94287082'], [1_111_111_109, '07081804'], [1_111_111_111, '14050471'],
  [1_234_567_890, '89005924'], [2_000_000_000, '69279037'], [20_000_000_000, '65353130'],
]

describe('TOTP (RFC 6238)', () => {
  it('the base32 secret is the RFC\'s ASCII one', () => {
    expect(Secret.fromBase32(RFC_SECRET_BASE32).latin1).toBe(RFC_SECRET)
  })

  it.each(VECTORS)('T = %i s gives %s (8 digits), and its last 6 digits in our 6-digit configuration', (seconds, code) => {
    const at = new Date(seconds * 1000)
    expect(codeAt(RFC_SECRET_BASE32, at, 8)).toBe(code)
    expect(acceptedStep(RFC_SECRET_BASE32, code, at, 8)).toBe(Math.floor(seconds / 30))
    // Dynamic truncation is mod 10^digits, so the 6-digit code is the 8-digit one's last six.
    expect(codeAt(RFC_SECRET_BASE32, at)).toBe(code.slice(2))
    expect(acceptedStep(RFC_SECRET_BASE32, code.slice(2), at)).toBe(Math.floor(seconds / 30))
  })

  it('accepts one step either side and no further, naming the step the code was made for', () => {
    const at = new Date(1_234_567_890_000)
    const step = Math.floor(1_234_567_890 / 30)
    const code = codeAt(RFC_SECRET_BASE32, at)
    expect(acceptedStep(RFC_SECRET_BASE32, code, new Date(at.getTime() + 30_000))).toBe(step)
    expect(acceptedStep(RFC_SECRET_BASE32, code, new Date(at.getTime() - 30_000))).toBe(step)
    expect(acceptedStep(RFC_SECRET_BASE32, code, new Date(at.getTime() + 60_000))).toBeNull()
    expect(acceptedStep(RFC_SECRET_BASE32, code, new Date(at.getTime() - 60_000))).toBeNull()
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect(acceptedStep(RFC_SECRET_BASE32, wrong, at)).toBeNull()
    for (const junk of ['', '12345', '1234567', 'abcdef', ` ${code}`]) expect(acceptedStep(RFC_SECRET_BASE32, junk, at)).toBeNull()
  })

  it('makes 160-bit secrets and an otpauth:// URI apps read, with a QR code as an SVG data: URL', async () => {
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(newTotpSecret()).not.toBe(secret)
    const uri = otpauthUri(secret, 'admin')
    expect(uri).toBe(`otpauth://totp/SiteGrid:admin?issuer=SiteGrid&secret=${secret}&algorithm=SHA1&digits=6&period=30`)
    const qr = await qrDataUrl(uri)
    expect(qr).toMatch(/^data:image\/svg\+xml;base64,/)
    const svg = Buffer.from(qr.split(',')[1], 'base64').toString('utf8')
    expect(svg).toContain('<svg')
    expect(svg).not.toContain('<script')
  })

  it('recovery codes: ten, 80 bits each, hashed the same however they are typed', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    expect(recoveryCodeHash(codes[0].toLowerCase().replaceAll('-', ' '))).toBe(recoveryCodeHash(codes[0]))
    expect(recoveryCodeHash(codes[0])).not.toBe(recoveryCodeHash(codes[1]))
    expect(recoveryCodeHash(codes[0])).toMatch(/^[0-9a-f]{64}$/)
  })

  it('seals the secret under TOTP_ENCRYPTION_KEY (a wrong key or a changed byte fails), or keeps it as is without one', () => {
    const key = Buffer.alloc(32, 7).toString('base64')
    const sealed = sealSecret(RFC_SECRET_BASE32, key)
    expect(sealed).toMatch(/^aes256gcm:/)
    expect(sealed).not.toContain(RFC_SECRET_BASE32)
    expect(sealSecret(RFC_SECRET_BASE32, key)).not.toBe(sealed)
    expect(openSecret(sealed, key)).toBe(RFC_SECRET_BASE32)
    expect(() => openSecret(sealed, Buffer.alloc(32, 8).toString('base64'))).toThrow()
    expect(() => openSecret(sealed, undefined)).toThrow(/TOTP_ENCRYPTION_KEY/)
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expect(() => openSecret(tampered, key)).toThrow()
    expect(sealSecret(RFC_SECRET_BASE32, undefined)).toBe(RFC_SECRET_BASE32)
    expect(openSecret(RFC_SECRET_BASE32, key)).toBe(RFC_SECRET_BASE32)
  })

  it('the policy: admins must enrol or are asked to, others never; admins may not switch off while it is required', () => {
    const production = { NODE_ENV: 'production' as const, ADMIN_TOTP: undefined }
    const development = { NODE_ENV: 'development' as const, ADMIN_TOTP: undefined }
    expect(enrolmentOf(production, 'admin', false)).toBe('required')
    expect(enrolmentOf(development, 'admin', false)).toBe('prompt')
    expect(enrolmentOf({ ...development, ADMIN_TOTP: 'required' }, 'admin', false)).toBe('required')
    expect(enrolmentOf(production, 'admin', true)).toBe('none')
    for (const role of ['planner', 'auditor', 'grid_supervisor'] as const) expect(enrolmentOf(production, role, false)).toBe('none')
    expect(mayDisable(production, 'admin')).toBe(false)
    expect(mayDisable(development, 'admin')).toBe(true)
    expect(mayDisable(production, 'planner')).toBe(true)
  })

  it('configuration: ADMIN_TOTP defaults by NODE_ENV, prompt is refused in production, the key must be 32 bytes', () => {
    const production = { NODE_ENV: 'production', ADMIN_PASSWORD: 'a-long-admin-password-1A' }
    expect(adminTotpPolicy(parseConfig(production))).toBe('required')
    expect(adminTotpPolicy(parseConfig({}))).toBe('prompt')
    expect(adminTotpPolicy(parseConfig({ ADMIN_TOTP: 'required' }))).toBe('required')
    expect(() => parseConfig({ ...production, ADMIN_TOTP: 'prompt' })).toThrow(/ADMIN_TOTP: not allowed in production/)
    expect(() => parseConfig({ ADMIN_TOTP: 'optional' })).toThrow(/ADMIN_TOTP/)
    expect(() => parseConfig({ TOTP_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/TOTP_ENCRYPTION_KEY: must be base64 of 32 bytes/)
    expect(parseConfig({ TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') }).TOTP_ENCRYPTION_KEY).toBeDefined()
  })
})
