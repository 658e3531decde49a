import { ScatterplotLayer } from '@deck.gl/layers'
import type { SiteColumns } from '../site-columns.ts'
import { NO_CAMERA, OFFLINE_CAMERA } from './colors.ts'
import { columnData, sameColumns, siteColorAt } from './sites-layer.ts'

type Row = { index: number }

/*
 * Each site's camera coverage as a halo under its dot: the fill runs red → green with the share of the footprint
 * that online cameras see. Sites with no camera at all get a thick red ring and sites with an offline camera an
 * orange one, so the gaps a supervisor must chase stand out. Drawn for the sites drawn as dots: where they are
 * clustered, a halo per site was 100,000 discs overdrawing each other and held panning under a frame a second.
 */
export function siteCoverageLayer(columns: SiteColumns, opacity: number) {
  const ring = (i: number) => (columns.cameras[i] === 0 ? NO_CAMERA : columns.onlineCameras[i] < columns.cameras[i] ? OFFLINE_CAMERA : null)
  return new ScatterplotLayer({
    id: 'site-coverage',
    data: columnData(columns),
    dataComparator: sameColumns,
    opacity,
    getFillColor: (_: unknown, { index }: Row) => [...siteColorAt(columns, index, 'coverage'), 110],
    getLineColor: (_: unknown, { index }: Row) => { const c = ring(index); return c ? [...c, 255] : [0, 0, 0, 0] },
    getLineWidth: (_: unknown, { index }: Row) => (ring(index) ? 3 : 0),
    lineWidthUnits: 'pixels',
    stroked: true,
    radiusUnits: 'pixels',
    getRadius: 9,
  })
}
