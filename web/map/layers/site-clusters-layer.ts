import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { SiteCluster } from '../site-clusters.ts'
import { GRADE_COLORS } from './colors.ts'

const NEUTRAL: [number, number, number] = [120, 140, 170]

/**
 * City-zoom clusters: a disc per cluster, sized by its count and coloured by its mean risk; the count inside, 重大
 * sites below. `maxRadius` (pixels) keeps discs off their neighbours where clusters lie on a fixed grid (tile cells).
 */
export function siteClustersLayers(clusters: SiteCluster[], byRisk: boolean, opacity: number, idPrefix = '', maxRadius = 34) {
  const radius = (c: SiteCluster) => Math.min(maxRadius, 9 + Math.sqrt(c.count) * 0.8)
  const color = (c: SiteCluster) => (byRisk && c.meanGrade ? GRADE_COLORS[c.meanGrade] : NEUTRAL)
  // Both labels: bold SDF text on the cluster's centre, faded with the layer.
  const label = { opacity, getPosition: (c: SiteCluster) => c.position, fontWeight: 700, fontSettings: { sdf: true } }
  return [
    new ScatterplotLayer<SiteCluster>({
      id: `${idPrefix}site-clusters`,
      data: clusters,
      opacity,
      getPosition: (c) => c.position,
      getFillColor: (c) => [...color(c), 190],
      getLineColor: [255, 255, 255, 200],
      stroked: true,
      lineWidthMinPixels: 1.5,
      radiusUnits: 'pixels',
      getRadius: radius,
      pickable: true,
      autoHighlight: true,
      updateTriggers: { getFillColor: byRisk },
    }),
    new TextLayer<SiteCluster>({
      id: `${idPrefix}site-cluster-counts`,
      data: clusters,
      ...label,
      getText: (c) => String(c.count),
      getSize: 12,
      getColor: [255, 255, 255],
      characterSet: '0123456789',
      outlineWidth: 2,
      outlineColor: [0, 0, 0, 160],
    }),
    new TextLayer<SiteCluster>({
      id: `${idPrefix}site-cluster-red`,
      data: clusters.filter((c) => c.redCount > 0),
      ...label,
      getText: (c) => `▲${c.redCount}`,
      getPixelOffset: (c) => [0, radius(c) + 8],
      getSize: 11,
      getColor: [255, 90, 90],
      characterSet: '▲0123456789',
      outlineWidth: 3,
      outlineColor: [0, 0, 0, 200],
      visible: byRisk,
    }),
  ]
}
