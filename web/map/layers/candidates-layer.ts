import { ScatterplotLayer } from '@deck.gl/layers'

export interface CandidatePoint { id: number; position: [number, number]; score: number }

export interface PlanningLayerState {
  candidates: CandidatePoint[]
  /** Sites on the pick list, which may include some no longer among the candidates. */
  picked: CandidatePoint[]
  highlightedId: number | null
}

const PICKED: [number, number, number, number] = [0, 230, 255, 255]

/** Score 0 → 100 from pale yellow to deep red: the eye goes to the dustiest first. */
export function priorityColor(score: number): [number, number, number, number] {
  const t = Math.max(0, Math.min(1, score / 80))
  return [250 - 60 * t, 220 - 200 * t, 120 - 100 * t, 230]
}

/** Candidates coloured by dust-priority score, picked ones ringed, and the one under discussion highlighted. */
export function candidatesLayers({ candidates, picked, highlightedId }: PlanningLayerState) {
  const pickedIds = new Set(picked.map((p) => p.id))
  const highlighted = [...candidates, ...picked].find((c) => c.id === highlightedId)
  return [
    new ScatterplotLayer<CandidatePoint>({
      id: 'candidates', data: candidates, pickable: true, autoHighlight: true, highlightColor: [255, 255, 255, 140],
      getPosition: (c) => c.position, getFillColor: (c) => priorityColor(c.score),
      radiusUnits: 'pixels', getRadius: (c) => (pickedIds.has(c.id) ? 7 : 5),
      stroked: true, lineWidthUnits: 'pixels', getLineWidth: (c) => (pickedIds.has(c.id) ? 2.5 : 1),
      getLineColor: (c) => (pickedIds.has(c.id) ? PICKED : [40, 40, 40, 200]),
      updateTriggers: { getRadius: [...pickedIds].join(), getLineWidth: [...pickedIds].join(), getLineColor: [...pickedIds].join() },
    }),
    new ScatterplotLayer<CandidatePoint>({
      id: 'picked', data: picked.filter((p) => !candidates.some((c) => c.id === p.id)), pickable: true,
      getPosition: (c) => c.position, getFillColor: [0, 0, 0, 0], stroked: true, getLineColor: PICKED,
      radiusUnits: 'pixels', getRadius: 6, lineWidthUnits: 'pixels', getLineWidth: 2.5,
    }),
    highlighted && new ScatterplotLayer<CandidatePoint>({
      id: 'candidate-highlight', data: [highlighted], getPosition: (c) => c.position, filled: false, stroked: true,
      getLineColor: [255, 255, 255, 255], radiusUnits: 'pixels', getRadius: 14, lineWidthUnits: 'pixels', getLineWidth: 3,
    }),
  ]
}
