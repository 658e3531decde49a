/** Site colours by kind, shared by the map layer and its legend so the two always agree. */
export const KIND_COLORS: Record<string, [number, number, number]> = {
  housing: [88, 166, 255],
  municipal: [63, 185, 80],
  rail_transit: [210, 153, 34],
  small_temporary: [163, 113, 247],
}

export const rgb = ([r, g, b]: [number, number, number]) => `rgb(${r}, ${g}, ${b})`
