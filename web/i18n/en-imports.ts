import type { zhImports } from './zh-imports.ts'

const CRS_EN = {
  wgs84: 'WGS-84 (GPS)', cgcs2000: 'CGCS2000 lon/lat', gcj02: 'GCJ-02 (AMap/Tencent)', bd09: 'BD-09 (Baidu)', cgcs2000_gk120: 'CGCS2000 Gauss–Krüger 3° CM 120°E (EPSG:4549)',
}

export const enImports: typeof zhImports = {
  imports: {
    layer: 'Layer',
    entity: { sites: 'Sites', grids: 'Grid boundaries', cameras: 'Cameras', receptors: 'Sensitive receptors', inspections: 'Inspections', districts: 'District boundaries', devices: 'Field devices', enterprises: 'Enterprises', people: 'People', chemicals: 'Chemical inventory', scaffold_samplings: 'Scaffold spot checks', complaints: '12345 complaint tickets' },
    file: 'File (CSV, XLSX, GeoJSON, zipped shapefile)', encoding: 'Text encoding', crs: 'Coordinate system',
    encodings: { auto: 'Detect', 'utf-8': 'UTF-8', gb18030: 'GBK / GB18030' },
    crsAuto: 'Detect', crsNames: CRS_EN, swap: 'Swap longitude/latitude columns',
    preview: 'Preview again (writes nothing)', commit: 'Import', skipRejected: 'Skip the rejected rows and import the rest', uploading: 'Uploading…',
    phase: { read: 'Reading the file', check: 'Checking geometry and position', write: 'Writing to the database' },
    crsUsed: 'Coordinate system used: {{crs}}', crsGuess: 'Detected from: {{reason}}', crsUncertain: 'The coordinate system is a guess: please confirm',
    swappedHint: '{{count}} rows look like longitude and latitude are swapped: tick “Swap” and preview again',
    totals: { rows: 'Rows', create: 'New', update: 'Updated', skip: 'Already there (skipped)', reject: 'Rejected', warnings: 'With warnings' },
    headerRow: 'Header on line {{line}}', skippedTotals: 'Totals rows left out: line {{lines}}',
    notJudged: 'Required columns are missing, so no row was checked yet: choose a column for each in the column mapping first', truncated: 'Only the first 2,000 rows are listed (rejected and warned rows first)',
    done: 'Imported: {{create}} new, {{update}} updated', line: 'Line', key: 'Code', action: 'Action', issues: 'Reasons / warnings',
    actionName: { create: 'New', update: 'Update', skip: 'Skip', reject: 'Reject' },
    issue: {
      malformed_row: 'Malformed row', formula: 'Formula cell (paste as values)', invalid_number: 'Not a number', out_of_range: 'Out of range',
      invalid_date: 'Invalid date', unknown_value: 'Unknown value', too_long: 'Too long', too_short: 'Too short', invalid_boolean: 'Expected yes/no', required: 'Required value missing',
      not_a_number: 'Coordinate is not a number', swapped_lon_lat: 'Longitude/latitude look swapped', outside_city: 'Outside Suzhou', empty_geometry: 'No coordinates or geometry',
      invalid_wkt: 'Invalid WKT', wrong_geometry_type: 'Wrong geometry type', degenerate_polygon: 'Degenerate polygon (too few points)',
      invalid_polygon: 'Invalid polygon that cannot be repaired', repaired_polygon: 'Self-intersecting polygon, repaired', ring_closed: 'Unclosed ring, closed',
      rewound: 'Ring orientation corrected', duplicate_in_file: 'Code repeated in the file', unknown_site: 'No site with this code', unknown_district: 'No district with this code',
      no_township: 'Not inside any township', invalid_identifier: 'ASCII letters, digits and _ . : - only (codes 3–64 long)',
      protocol_mismatch: 'Protocol does not fit the kind (dust monitors use HJ 212; crane monitors and cameras MQTT or HTTP)', identity_taken: 'Identity already used by another device',
      crane_required: 'A crane monitor needs the crane registration no.', crane_not_allowed: 'Only crane monitors are bound to a crane', unknown_crane: 'No crane with this registration no.',
      crane_not_on_site: 'The crane is not on this site', crane_taken: 'The crane already has a device', camera_required: 'A camera device needs the camera code',
      camera_not_allowed: 'Only camera devices are bound to a camera', unknown_camera: 'No camera with this code', camera_not_on_site: 'The camera is not on this site',
      camera_taken: 'The camera already has a device', end_before_start: 'Planned completion before the start date',
      invalid_credit_code: 'Invalid unified social credit code', name_taken: 'Another enterprise (another credit code) has this name', entered_on_local: 'A local firm has no entry date',
      qualification_incomplete: 'A qualification needs category, grade, certificate number and expiry', party_unmatched: 'Name not in the enterprise registry (kept as written, for an admin to match)',
      invalid_id_number: 'Invalid ID number', unknown_employer: 'Employer not in the registry (left empty)', certificate_incomplete: 'A certificate needs kind, number, issuer, issue and expiry dates', certificate_dates: 'The certificate expires before it was issued',
      unknown_lab: 'Lab not in the registry', lab_not_qualified: 'The lab had no qualification covering building components on the sampling day', invalid_results: 'Measured values do not fit the component or the sample count', date_in_future: 'The date is after today',
      invalid_cas: 'Bad CAS number or check digit', invalid_un: 'A UN number is four digits', storage_off_site: 'The storage point is not on the site',
    },
    blocked: {
      confirm: '{{count}} matches still need confirming (the highlighted rows of the column and value mappings) before importing', missing: 'Required columns missing: {{targets}}',
      rejected: '{{count}} rows are rejected: fix the file, or tick “Skip the rejected rows”', nothing: 'Nothing to create or update',
    },
    parties: { title: 'Parties matched', matched: '{{count}} matched in the enterprise registry', unmatched: '{{count}} not matched (an admin matches them in the registry after the import)', rows: '{{count}} rows', viaCode: 'by credit code', viaName: 'by name' },
    columns: {
      title: 'Column mapping', source: 'Column in the file', samples: 'Sample values', target: 'Field', via: 'Matched by', confidence: 'Confidence',
      ignore: 'Ignore this column', confirm: 'Confirm', hidden: 'Hidden column', required: 'required', missing: 'Required fields no column fills: {{targets}}', takenBy: '(now “{{column}}”)',
      viaName: { alias: 'Alias', similar: 'Similar name', values: 'Its values', template: 'Template', user: 'You' },
    },
    values: {
      title: 'Value mapping', hint: 'Values in the file that are not standard ones, each listed once', field: 'Field', value: 'Value in the file', rows: 'Rows', target: 'Means',
      via: 'Suggested by', blank: 'Treat as blank', choose: 'Choose…', confirm: 'Confirm',
      viaName: { synonym: 'Synonym', contains: 'Contains', template: 'Template', user: 'You' },
    },
    templates: {
      applied: 'Template “{{name}}” applied', dontApply: 'Do not apply', notApplied: 'No import template applied', autoApply: 'Apply the template',
      save: 'Save as import template', name: 'Template name', title: 'Import templates · {{entity}}', headers: 'Headers', updated: 'Updated',
      none: 'None yet: tick “Save as import template” when importing, and files with the same headers get it next time', rename: 'Rename', ok: 'Save', cancel: 'Cancel',
      delete: 'Delete', deleteConfirm: 'Delete the import template “{{name}}”?',
    },
    target: {
      geometry: { lon: 'Longitude', lat: 'Latitude', lonlat: 'Longitude, latitude (one cell)', wkt: 'Geometry (WKT)' },
      sites: {
        code: 'Site code', name: 'Site name', kind: 'Kind', stage: 'Stage', address: 'Address', floor_area_m2: 'Floor area (m²)',
        contract_value_wan: 'Contract value (10k CNY)', start_date: 'Start date', planned_end_date: 'Planned completion', owner_org: 'Owner',
        contractor_org: 'Contractor', supervisor_org: 'Supervisor', designer_org: 'Designer', surveyor_org: 'Surveyor',
        responsibility_docs_ok: 'Lifetime quality pledge', safety_director: 'Safety director',
        contractor_credit_code: 'Contractor credit code',
      },
      grids: { code: 'Grid code', name: 'Grid name' },
      cameras: { code: 'Camera code', site_code: 'Site code', purpose: 'Purpose', heading_deg: 'Heading (°)', fov_deg: 'Field of view (°)', range_m: 'Range (m)', online: 'Online' },
      receptors: { kind: 'Kind', name: 'Name' },
      inspections: { site_code: 'Site code', inspected_at: 'Inspected at', kind: 'Kind', score: 'Score', findings: 'Findings' },
      districts: { adcode: 'Division code', name: 'Name' },
      enterprises: {
        credit_code: 'Unified social credit code', name: 'Name', kinds: 'Kinds', origin: 'Local / from outside Jiangsu', registered_place: 'Registered in',
        entered_on: 'Entered Jiangsu on', legal_representative: 'Legal representative', contact_name: 'Contact', contact_phone: 'Phone', address: 'Address',
        qualification_category: 'Qualification', qualification_grade: 'Qualification grade', qualification_no: 'Qualification certificate no.', qualification_valid_until: 'Qualification valid until',
      },
      chemicals: {
        site_code: 'Site code', name: 'Chemical', cas_no: 'CAS No.', un_no: 'UN No.', hazard_class: 'Class', max_quantity: 'Max quantity',
        unit: 'Unit', storage_note: 'Storage note', responsible_name: 'Responsible party',
      },
      people: {
        id_number: 'ID number', name: 'Name', phone: 'Phone', employer: 'Employer (name or credit code)', certificate_kind: 'Certificate kind', certificate_specialty: 'Specialty',
        certificate_no: 'Certificate no.', certificate_issuer: 'Issuer', certificate_issued_on: 'Issued on', certificate_expires_on: 'Expires on',
      },
      complaints: {
        channel: 'Channel', ticket_no: 'Ticket no.', received_at: 'Received at', category: 'Category', content: 'Complaint', address: 'Address',
        complainant_name: 'Complainant', complainant_phone: 'Phone',
      },
      devices: {
        code: 'Device code', kind: 'Kind', site_code: 'Site code', crane_code: 'Crane registration no.', camera_code: 'Camera code',
        protocol: 'Protocol', identity: 'Identity', interval_s: 'Report interval (s)',
      },
    },
    codes: {
      sites: {
        kind: { housing: 'Housing', municipal: 'Municipal', rail_transit: 'Rail transit', small_temporary: 'Small / temporary' },
        stage: { earthworks: 'Earthworks/foundation', main_structure: 'Main structure', finishing: 'Finishing', completed: 'Completed' },
      },
      cameras: { purpose: { site_video: 'Site video', crane_monitor: 'Crane monitoring' } },
      receptors: { kind: { school: 'School', kindergarten: 'Kindergarten', hospital: 'Hospital', elderly_home: 'Elderly home' } },
      inspections: {
        kind: {
          routine: 'Routine', comprehensive: 'Comprehensive', unannounced: 'Random spot check', dust_open: 'Dust (announced)', dust_covert: 'Dust (covert)',
          crane_special: 'Crane special', testing_institution: 'Testing institution',
          hazardous_chemicals: 'Hazardous chemicals', scaffold: 'Ring-lock scaffold', holiday: 'Holiday check', small_works: 'Small and temporary works',
        },
      },
      devices: { kind: { dust_monitor: 'Dust monitor', crane_monitor: 'Crane monitor', camera: 'Camera' }, protocol: { hj212: 'HJ 212', mqtt: 'MQTT', http: 'HTTP' } },
    },
  },
}
