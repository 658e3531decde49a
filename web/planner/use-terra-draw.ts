import type maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { TerraDraw, TerraDrawCircleMode, TerraDrawFreehandMode, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawRenderMode } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Drawing, DrawTool } from './selection-shape.ts'

/** Our tools by terra-draw's mode names; a road is drawn as a line, a receptor as a point, to be buffered. */
const MODE: Record<DrawTool, string> = { polygon: 'polygon', freehand: 'freehand', circle: 'circle', road: 'linestring', receptor: 'point' }

/**
 * Terra-draw on the planner's map: `tool` arms one drawing mode (null: the map pans and picks as usual). When a
 * shape is finished it is handed over and the tool disarms, keeping only the latest shape on the map.
 */
export function useTerraDraw(map: maplibregl.Map | null, tool: DrawTool | null, onDrawn: (tool: DrawTool, drawing: Drawing) => void, clearNonce: number) {
  const draw = useRef<TerraDraw | null>(null)
  const latest = useRef({ tool, onDrawn })
  latest.current = { tool, onDrawn }

  useEffect(() => {
    if (!map) return
    const start = () => {
      const d = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map }),
        modes: [new TerraDrawPolygonMode(), new TerraDrawFreehandMode(), new TerraDrawCircleMode(), new TerraDrawLineStringMode(),
          new TerraDrawPointMode(), new TerraDrawRenderMode({ modeName: 'idle', styles: {} })],
      })
      d.start()
      d.setMode('idle')
      d.on('finish', (id) => {
        const feature = d.getSnapshotFeature(id)
        const current = latest.current.tool
        if (!feature || !current) return
        d.removeFeatures(d.getSnapshot().filter((f) => f.id !== id).map((f) => f.id!))
        latest.current.onDrawn(current, feature as unknown as Drawing)
      })
      draw.current = d
    }
    if (map.isStyleLoaded()) start()
    else map.once('load', start)
    return () => { draw.current?.stop(); draw.current = null }
  }, [map])

  useEffect(() => {
    draw.current?.setMode(tool ? MODE[tool] : 'idle')
  }, [tool])

  useEffect(() => {
    if (clearNonce) draw.current?.clear()
  }, [clearNonce])
}
