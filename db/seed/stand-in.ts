import type { Position } from 'geojson'
import { DISTRICT_PROFILES, type SeedGeography } from './geography.ts'
import { toArea } from './geometry.ts'

/*
 * A coarse geography the project carries itself, used when the third-party geodata folder is absent
 * (a clone on another machine). Hand-drawn, accurate to a few kilometres: enough for a plausible demo city,
 * not a map. District boundaries are derived from the seats by the seeder (Voronoi cells clipped to the outline).
 */

const SEATS: [number, string, Position][] = [
  [320505, '虎丘区', [120.5626, 31.297]],
  [320506, '吴中区', [120.6204, 31.273]],
  [320507, '相城区', [120.6148, 31.3988]],
  [320508, '姑苏区', [120.6181, 31.3136]],
  [320509, '吴江区', [120.6374, 31.1626]],
  [320571, '苏州工业园区', [120.719, 31.326]],
  [320581, '常熟市', [120.7441, 31.6601]],
  [320582, '张家港市', [120.5391, 31.8676]],
  [320583, '昆山市', [120.9539, 31.384]],
  [320585, '太仓市', [121.1076, 31.4543]],
]

const OUTLINE: Position[] = [
  [120.35, 31.98], [120.6, 32.03], [120.95, 31.83], [121.1, 31.75], [121.35, 31.5], [121.25, 31.4],
  [121.1, 31.25], [121.0, 31.1], [120.9, 31.0], [120.6, 30.78], [120.35, 30.88], [120.2, 31.05],
  [119.95, 31.15], [120.0, 31.35], [120.25, 31.45], [120.35, 31.55], [120.35, 31.75], [120.35, 31.98],
]

const TAIHU: Position[] = [
  [120.0, 31.05], [120.15, 30.95], [120.35, 30.95], [120.45, 31.05], [120.42, 31.2], [120.3, 31.3],
  [120.2, 31.48], [120.08, 31.42], [120.0, 31.25], [120.0, 31.05],
]

const SECTORS = ['东', '西', '南', '北', '中', '新']

export function standInGeography(): SeedGeography {
  return {
    source: 'stand-in',
    districts: SEATS.map(([adcode, name, seat]) => ({ adcode, name, seat, ...DISTRICT_PROFILES[adcode] })),
    outline: toArea({ type: 'Polygon', coordinates: [OUTLINE] }),
    lakes: [toArea({ type: 'Polygon', coordinates: [TAIHU] })],
    water: [{ name: '太湖', kind: 'lake', geometry: { type: 'Polygon', coordinates: [TAIHU] } }],
    townships: SEATS.flatMap(([adcode]) =>
      SECTORS.map((sector, i) => ({
        code: `${adcode}9${String(i + 1).padStart(2, '0')}000`,
        name: `${DISTRICT_PROFILES[adcode].shortName}${sector}片区`,
        shortName: `${DISTRICT_PROFILES[adcode].shortName}${sector}`,
        adcode,
      })),
    ),
    metroLines: [],
    aqStations: [],
  }
}
