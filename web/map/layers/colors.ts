import type { DeviceHealth } from '../../../server/domain/device-readings.ts'

/** Colours shared by the map layers and their legends, so the two always agree. */
export type Rgb = [number, number, number]

export const KIND_COLORS: Record<string, Rgb> = {
  housing: [88, 166, 255],
  municipal: [63, 185, 80],
  rail_transit: [210, 153, 34],
  small_temporary: [163, 113, 247],
}

/** 重大 / 较大 / 一般 / 低, the plan's four risk colours. */
export const GRADE_COLORS: Record<string, Rgb> = {
  red: [230, 55, 55],
  orange: [245, 140, 40],
  yellow: [240, 210, 60],
  blue: [70, 130, 230],
}

/** Key projects by how many of the three high-standard measures are complete (0–3). */
export const MEASURE_COLORS: Rgb[] = [[230, 55, 55], [245, 140, 40], [240, 210, 60], [63, 185, 80]]

export const NO_DATA: Rgb = [150, 150, 150]

export const rgb = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`

export const COVERAGE_STOPS: Rgb[] = [[230, 55, 55], [240, 190, 50], [63, 185, 80]]

/** Camera coverage from none (red) through half (amber) to full (green). */
export function coverageColor(ratio: number | null): Rgb {
  if (ratio === null) return NO_DATA
  const r = Math.min(1, Math.max(0, ratio))
  const [from, to, t] = r < 0.5 ? [COVERAGE_STOPS[0], COVERAGE_STOPS[1], r / 0.5] : [COVERAGE_STOPS[1], COVERAGE_STOPS[2], (r - 0.5) / 0.5]
  return from.map((c, i) => Math.round(c + (to[i] - c) * t)) as Rgb
}

export const NO_CAMERA: Rgb = [255, 40, 40]
export const OFFLINE_CAMERA: Rgb = [255, 150, 30]

/** Field devices by health: green reporting, amber late, red silent, grey never heard from, blue in maintenance. */
export const HEALTH_COLORS: Record<DeviceHealth, Rgb> = {
  online: [63, 185, 80],
  late: [240, 190, 50],
  silent: [230, 55, 55],
  never: [150, 150, 150],
  maintenance: [90, 140, 230],
  decommissioned: [90, 90, 90],
}
