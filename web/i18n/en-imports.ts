import type { zhImports } from './zh-imports.ts'

const CRS_EN = {
  wgs84: 'WGS-84 (GPS)', cgcs2000: 'CGCS2000 lon/lat', gcj02: 'GCJ-02 (AMap/Tencent)', bd09: 'BD-09 (Baidu)', cgcs2000_gk120: 'CGCS2000 Gauss–Krüger 3° CM 120°E (EPSG:4549)',
}

export const enImports: typeof zhImports = {
  imports: {
    layer: 'Layer',
    entity: { sites: 'Sites', grids: 'Grid boundaries', cameras: 'Cameras', receptors: 'Sensitive receptors', inspections: 'Inspections', districts: 'District boundaries', devices: 'Field devices' },
    file: 'File (CSV, XLSX, GeoJSON, zipped shapefile)', encoding: 'Text encoding', crs: 'Coordinate system',
    encodings: { auto: 'Detect', 'utf-8': 'UTF-8', gb18030: 'GBK / GB18030' },
    crsAuto: 'Detect', crsNames: CRS_EN, swap: 'Swap longitude/latitude columns',
    preview: 'Preview (writes nothing)', commit: 'Import', skipRejected: 'Skip the rejected rows and import the rest', uploading: 'Uploading…',
    phase: { read: 'Reading the file', check: 'Checking geometry and position', write: 'Writing to the database' },
    crsUsed: 'Coordinate system used: {{crs}}', crsGuess: 'Detected from: {{reason}}', crsUncertain: 'The coordinate system is a guess: please confirm',
    swappedHint: '{{count}} rows look like longitude and latitude are swapped: tick “Swap” and preview again',
    totals: { rows: 'Rows', create: 'New', update: 'Updated', skip: 'Already there (skipped)', reject: 'Rejected', warnings: 'With warnings' },
    mapped: 'Columns recognised: {{columns}}', ignored: 'Columns not used: {{columns}}', truncated: 'Only the first 2,000 rows are listed (rejected and warned rows first)',
    done: 'Imported: {{create}} new, {{update}} updated', line: 'Line', key: 'Code', action: 'Action', issues: 'Reasons / warnings',
    actionName: { create: 'New', update: 'Update', skip: 'Skip', reject: 'Reject' },
    issue: {
      malformed_row: 'Malformed row', formula: 'Formula cell (paste as values)', invalid_number: 'Not a number', out_of_range: 'Out of range',
      invalid_date: 'Invalid date', unknown_value: 'Unknown value', too_long: 'Too long', invalid_boolean: 'Expected yes/no', required: 'Required value missing',
      not_a_number: 'Coordinate is not a number', swapped_lon_lat: 'Longitude/latitude look swapped', outside_city: 'Outside Suzhou', empty_geometry: 'No coordinates or geometry',
      invalid_wkt: 'Invalid WKT', wrong_geometry_type: 'Wrong geometry type', degenerate_polygon: 'Degenerate polygon (too few points)',
      invalid_polygon: 'Invalid polygon that cannot be repaired', repaired_polygon: 'Self-intersecting polygon, repaired', ring_closed: 'Unclosed ring, closed',
      rewound: 'Ring orientation corrected', duplicate_in_file: 'Code repeated in the file', unknown_site: 'No site with this code', unknown_district: 'No district with this code',
      no_township: 'Not inside any township', invalid_identifier: 'ASCII letters, digits and _ . : - only (codes 3–64 long)',
      protocol_mismatch: 'Protocol does not fit the kind (dust monitors use HJ 212; crane monitors and cameras MQTT or HTTP)', identity_taken: 'Identity already used by another device',
      crane_required: 'A crane monitor needs the crane registration no.', crane_not_allowed: 'Only crane monitors are bound to a crane', unknown_crane: 'No crane with this registration no.',
      crane_not_on_site: 'The crane is not on this site', crane_taken: 'The crane already has a device', camera_required: 'A camera device needs the camera code',
      camera_not_allowed: 'Only camera devices are bound to a camera', unknown_camera: 'No camera with this code', camera_not_on_site: 'The camera is not on this site',
      camera_taken: 'The camera already has a device',
    },
  },
}
