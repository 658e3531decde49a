import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { SiteCluster } from '../site-clusters.ts'
import { GRADE_COLORS } from './colors.ts'

const NEUTRAL: [number, number, number] = [120, 140, 170]
const radius = (c: SiteCluster) => Math.min(34, 9 + Math.sqrt(c.count) * 0.8)

/** City-zoom clusters: a disc per cluster, sized by its count and coloured by its mean risk; the count inside, 重大 sites below. */
export function siteClustersLayers(clusters: SiteCluster[], byRisk: boolean, opacity: number) {
  const color = (c: SiteCluster) => (byRisk && c.meanGrade ? GRADE_COLORS[c.meanGrade] : NEUTRAL)
  return [
    new ScatterplotLayer<SiteCluster>({
      id: 'site-clusters',
      data: clusters,
      opacity,
      getPosition: (c) => c.position,
      getFillColor: (c) => [...color(c), 190],
      getLineColor: [255, 255, 255, 200],
      stroked: true,
      lineWidthMinPixels: 1.5,
      radiusUnits: 'pixels',
      getRadius: (c) => radius(c),
      pickable: true,
      autoHighlight: true,
      updateTriggers: { getFillColor: byRisk },
    }),
    new TextLayer<SiteCluster>({
      id: 'site-cluster-counts',
      data: clusters,
      opacity,
      getPosition: (c) => c.position,
      getText: (c) => String(c.count),
      getSize: 12,
      getColor: [255, 255, 255],
      fontWeight: 700,
      characterSet: '0123456789',
      outlineWidth: 2,
      outlineColor: [0, 0, 0, 160],
      fontSettings: { sdf: true },
    }),
    new TextLayer<SiteCluster>({
      id: 'site-cluster-red',
      data: clusters.filter((c) => c.redCount > 0),
      opacity,
      getPosition: (c) => c.position,
      getText: (c) => `▲${c.redCount}`,
      getPixelOffset: (c) => [0, radius(c) + 8],
      getSize: 11,
      getColor: [255, 90, 90],
      fontWeight: 700,
      characterSet: '▲0123456789',
      outlineWidth: 3,
      outlineColor: [0, 0, 0, 200],
      fontSettings: { sdf: true },
      visible: byRisk,
    }),
  ]
}
