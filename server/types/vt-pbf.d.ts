// vt-pbf ships no types; this is the part we call.
declare module 'vt-pbf' {
  interface Feature { id?: number; type: 1 | 2 | 3; geometry: unknown; tags: Record<string, unknown> }
  const vtpbf: { fromGeojsonVt(layers: Record<string, { features: Feature[] }>, options?: { version?: number; extent?: number }): Uint8Array }
  export default vtpbf
}
