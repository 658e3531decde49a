// shpjs 6 ships no types (the @types package describes version 3); this is the part we call.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson'
  export function getShapefile(input: { shp: Uint8Array; dbf?: Uint8Array; cpg?: string; prj?: string }): Promise<FeatureCollection | FeatureCollection[]>
}
