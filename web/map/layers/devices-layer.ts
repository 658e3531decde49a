import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import type { DeviceHealth, DeviceKind } from '../../../server/domain/device-readings.ts'
import { HEALTH_COLORS } from './colors.ts'

export type DeviceFeature = Feature<Point, { id: number; code: string; kind: DeviceKind; siteId: number; health: DeviceHealth }>

/**
 * Devices are fetched and drawn from this zoom on, for the view's box only (GET /api/devices/map takes at most
 * 0.25° × 0.25°): a city has a device per camera, tens of thousands, and a site's devices are apart only at street zoom.
 */
export const DEVICES_ZOOM = 14

/** Each field device coloured by health; dust monitors larger, as each stands for a key project's air. */
export function devicesLayer(devices: DeviceFeature[], opacity: number) {
  return new ScatterplotLayer<DeviceFeature>({
    id: 'devices',
    data: devices,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => HEALTH_COLORS[f.properties.health],
    getRadius: (f) => (f.properties.kind === 'dust_monitor' ? 8 : 4.5),
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [20, 20, 20, 200],
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
  })
}
