import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { saveDownload } from './download.ts'

export type ExportFormat = 'csv' | 'xlsx' | 'geojson'
const FORMATS: ExportFormat[] = ['csv', 'xlsx', 'geojson']

/**
 * CSV, XLSX and GeoJSON downloads of one list (or the `formats` it has: a list without geometry has no GeoJSON);
 * the request is the typed client's call for the chosen format.
 */
export function ExportButtons<F extends ExportFormat = ExportFormat>({ request, fileName, formats = FORMATS as F[] }: { request(format: F): Promise<Response>; fileName: string; formats?: F[] }) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="export-buttons" aria-label={t('planning.export')}>
      {formats.map((format) => (
        <button key={format} type="button" className="link" data-testid={`export-${format}`}
          onClick={() => { setError(null); saveDownload(request(format), `${fileName}.${format}`).catch((e: Error) => setError(e.message)) }}>
          {format.toUpperCase()}
        </button>
      ))}
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  )
}
