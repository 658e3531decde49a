import { describe, expect, it } from 'vitest'
import { retryDelayMs } from '../../web/ui/use-live-events.ts'
import { wallSettingsFrom } from '../../web/wall/wall-settings.ts'

describe('wall URL', () => {
  it('reads the token and the tour', () => {
    expect(wallSettingsFrom('?token=sgw_abc&tour=districts&every=45')).toEqual({ token: 'sgw_abc', tour: 'districts', everySeconds: 45 })
    expect(wallSettingsFrom('?tour=layers')).toEqual({ token: null, tour: 'layers', everySeconds: 30 })
  })

  it('ignores an unknown tour and a silly period', () => {
    expect(wallSettingsFrom('?tour=<script>&every=1')).toEqual({ token: null, tour: null, everySeconds: 30 })
    expect(wallSettingsFrom('?every=99999').everySeconds).toBe(3_600)
  })
})

describe('reconnect back-off', () => {
  it('doubles from one second up to thirty, jittered by at most a fifth', () => {
    const middle = () => 0.5
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => retryDelayMs(n, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
    expect(retryDelayMs(0, () => 0)).toBe(800)
    expect(retryDelayMs(0, () => 0.999)).toBeLessThanOrEqual(1_200)
  })
})
