import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { saveDownload } from './download.ts'

export type ExportFormat = 'csv' | 'xlsx' | 'geojson'
const FORMATS: ExportFormat[] = ['csv', 'xlsx', 'geojson']

/** CSV, XLSX and GeoJSON downloads of one list; the request is the typed client's call for the chosen format. */
export function ExportButtons({ request, fileName }: { request(format: ExportFormat): Promise<Response>; fileName: string }) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  return (
    <span className="export-buttons" aria-label={t('planning.export')}>
      {FORMATS.map((format) => (
        <button key={format} type="button" className="link" data-testid={`export-${format}`}
          onClick={() => { setError(null); saveDownload(request(format), `${fileName}.${format}`).catch((e: Error) => setError(e.message)) }}>
          {format.toUpperCase()}
        </button>
      ))}
      {error && <span className="form-error" role="alert">{error}</span>}
    </span>
  )
}
