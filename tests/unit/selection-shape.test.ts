import { describe, expect, it } from 'vitest'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { shapeFromDrawing } from '../../web/planner/selection-shape.ts'

describe('shapeFromDrawing', () => {
  const square = [[120.6, 31.3], [120.62, 31.3], [120.62, 31.32], [120.6, 31.32], [120.6, 31.3]]

  it('a drawn polygon or lasso becomes a closed WGS-84 ring', () => {
    const shape = shapeFromDrawing('polygon', { geometry: { type: 'Polygon', coordinates: [square] }, properties: {} }, 200, 'wgs84')
    expect(shape).toEqual({ type: 'polygon', coordinates: [square] })
  })

  it('a polygon drawn on a GCJ-02 basemap comes back to WGS-84 within a metre', () => {
    const shifted = square.map((p) => toBasemapDatum({ type: 'Point' as const, coordinates: p }, 'gcj02').coordinates)
    const shape = shapeFromDrawing('freehand', { geometry: { type: 'Polygon', coordinates: [shifted] }, properties: {} }, 200, 'gcj02')
    if (shape?.type !== 'polygon') throw new Error('expected a polygon')
    expect(shifted[0][0] - square[0][0]).toBeGreaterThan(0.003)
    shape.coordinates[0].forEach((p, i) => { expect(Math.abs(p[0] - square[i][0])).toBeLessThan(1e-5); expect(Math.abs(p[1] - square[i][1])).toBeLessThan(1e-5) })
    expect(shape.coordinates[0][0]).toEqual(shape.coordinates[0].at(-1))
  })

  it('a circle keeps its centre and radius; a road and a point become buffers of the chosen distance', () => {
    const ring = Array.from({ length: 65 }, (_, i) => [120.6 + 0.01 * Math.cos((i % 64) / 64 * 2 * Math.PI), 31.3 + 0.01 * Math.sin((i % 64) / 64 * 2 * Math.PI)])
    const circle = shapeFromDrawing('circle', { geometry: { type: 'Polygon', coordinates: [ring] }, properties: { radiusKilometers: 0.95 } }, 0, 'wgs84')
    expect(circle).toEqual({ type: 'circle', center: [120.6, 31.3], radiusM: 950 })
    expect(shapeFromDrawing('road', { geometry: { type: 'LineString', coordinates: [[120.6, 31.3], [120.7, 31.31]] }, properties: {} }, 300, 'wgs84'))
      .toEqual({ type: 'buffer', line: [[120.6, 31.3], [120.7, 31.31]], distanceM: 300 })
    expect(shapeFromDrawing('receptor', { geometry: { type: 'Point', coordinates: [120.6, 31.3] }, properties: {} }, 500, 'wgs84'))
      .toEqual({ type: 'buffer', line: [[120.6, 31.3]], distanceM: 500 })
  })

  it('a lasso of thousands of points is thinned to what the API takes, still closed', () => {
    const many = Array.from({ length: 12_001 }, (_, i) => [120.6 + 0.01 * Math.cos(i / 12_000 * 2 * Math.PI), 31.3 + 0.01 * Math.sin(i / 12_000 * 2 * Math.PI)])
    const shape = shapeFromDrawing('freehand', { geometry: { type: 'Polygon', coordinates: [many] }, properties: {} }, 0, 'wgs84')
    if (shape?.type !== 'polygon') throw new Error('expected a polygon')
    expect(shape.coordinates[0].length).toBeLessThanOrEqual(5_000)
    expect(shape.coordinates[0][0]).toEqual(shape.coordinates[0].at(-1))
  })
})
