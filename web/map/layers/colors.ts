/** Colours shared by the map layers and their legends, so the two always agree. */
type Rgb = [number, number, number]

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
