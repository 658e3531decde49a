import { ScatterplotLayer } from '@deck.gl/layers'
import { NO_CAMERA, OFFLINE_CAMERA } from './colors.ts'
import { type SiteFeature, siteColor } from './sites-layer.ts'

/*
 * Each site's camera coverage as a halo under its dot: the fill runs red → green with the share of the footprint
 * that online cameras see. Sites with no camera at all get a thick red ring and sites with an offline camera an
 * orange one, so the gaps a supervisor must chase stand out at any zoom.
 */
export function siteCoverageLayer(sites: SiteFeature[], opacity: number) {
  const ring = (f: SiteFeature) => f.properties.cameras === 0 ? NO_CAMERA : f.properties.onlineCameras < f.properties.cameras ? OFFLINE_CAMERA : null
  return new ScatterplotLayer<SiteFeature>({
    id: 'site-coverage',
    data: sites,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => [...siteColor(f.properties, 'coverage'), 110],
    getLineColor: (f) => { const c = ring(f); return c ? [...c, 255] : [0, 0, 0, 0] },
    getLineWidth: (f) => (ring(f) ? 3 : 0),
    lineWidthUnits: 'pixels',
    stroked: true,
    radiusUnits: 'pixels',
    getRadius: 9,
  })
}
