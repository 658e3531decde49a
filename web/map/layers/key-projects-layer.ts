import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, FeatureCollection, Point } from 'geojson'
import { MEASURE_COLORS } from './colors.ts'

export type KeyProjectFeature = Feature<Point, { siteId: number; name: string; measuresDone: number }>

/** Key dust-control areas, and the 150 key projects coloured by how many of the three measures are complete. */
export function keyProjectsLayers(areas: FeatureCollection | undefined, projects: KeyProjectFeature[], opacity: number) {
  return [
    areas && new GeoJsonLayer({
      id: 'key-areas',
      data: areas,
      opacity,
      stroked: true,
      filled: true,
      getFillColor: [245, 140, 40, 30],
      getLineColor: [245, 140, 40, 220],
      lineWidthMinPixels: 1.5,
    }),
    new ScatterplotLayer<KeyProjectFeature>({
      id: 'key-projects',
      data: projects,
      opacity,
      getPosition: (f) => f.geometry.coordinates as [number, number],
      getFillColor: (f) => MEASURE_COLORS[f.properties.measuresDone] ?? MEASURE_COLORS[0],
      getLineColor: [255, 255, 255],
      stroked: true,
      lineWidthMinPixels: 1.5,
      getRadius: 120,
      radiusMinPixels: 5,
      radiusMaxPixels: 14,
      pickable: true,
    }),
  ]
}
