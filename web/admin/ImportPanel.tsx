import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { ColumnMapping } from './ColumnMapping.tsx'
import { ImportCommit, type SaveChoice } from './ImportCommit.tsx'
import { ProgressBar, ReportRows, ReportSummary } from './ImportReport.tsx'
import { TemplateList, TemplateNotice } from './ImportTemplates.tsx'
import { ImportedSecrets } from './SecretOnce.tsx'
import { ValueMapping } from './ValueMapping.tsx'
import { defaultTemplateName, hasDecisions, type ImportMapping, NO_MAPPING } from './import-mapping.ts'
import { type ImportEntity, type ImportOptions, type ImportProgress, type ImportReport, runImport } from './import-stream.ts'

const ENTITIES: ImportEntity[] = ['sites', 'grids', 'cameras', 'receptors', 'inspections', 'districts', 'devices', 'enterprises', 'people', 'chemicals', 'scaffold_samplings', 'complaints']
const CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'cgcs2000_gk120'] as const

type FileOptions = Pick<ImportOptions, 'entity' | 'encoding' | 'crs' | 'swapLonLat' | 'skipRejected'> & { file: File | null }
interface Decisions { mapping: ImportMapping; template: string }
const FRESH: Decisions = { mapping: NO_MAPPING, template: 'auto' }

/**
 * 数据导入: choose a layer and a file and the preview runs by itself: what would be created, updated and rejected
 * (and why, row by row), how each column and each odd value was understood. Every choice and every confirmation
 * runs it again, and the import sends exactly the choices the last preview saw, so what is imported is what was
 * seen. A sheet whose headers the office has a template for needs nothing but 确认导入.
 */
export function ImportPanel({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [options, setOptions] = useState<FileOptions>({ entity: 'sites', file: null, encoding: 'auto', crs: 'auto', swapLonLat: false, skipRejected: false })
  const [decisions, setDecisions] = useState<Decisions>(FRESH)
  // null: the default (saved when the user decided anything; named after the template or the file).
  const [save, setSave] = useState<{ checked: boolean | null; name: string | null }>({ checked: null, name: null })
  const [report, setReport] = useState<ImportReport | null>(null)
  const [progress, setProgress] = useState<ImportProgress | 'uploading' | null>(null)
  // A new file input after an import, so that choosing the same file again is a change.
  const [fileInput, setFileInput] = useState(0)
  const inFlight = useRef<AbortController | null>(null)
  const run = useMutation({
    mutationFn: (request: ImportOptions) => {
      // A preview overtaken by a newer choice is abandoned: only the latest one's report is shown.
      inFlight.current?.abort()
      const controller = (inFlight.current = new AbortController())
      setProgress('uploading')
      return runImport(api, request, (p) => { if (inFlight.current === controller) setProgress(p) }, controller.signal)
        .finally(() => { if (inFlight.current === controller) inFlight.current = null })
    },
    onSuccess: (done) => { if (done.committed) void queryClient.invalidateQueries() },
  })
  const { mutate } = run
  // While an import runs every control is disabled: a new preview would overtake it and its report be lost.
  const committing = run.isPending && run.variables?.mode === 'commit'
  const send = (mode: ImportOptions['mode'], saveTemplate: string | null, onDone?: (r: ImportReport) => void) => {
    if (!options.file) return
    mutate({ ...options, file: options.file, ...decisions, mode, saveTemplate }, {
      onSuccess: (r) => { setReport(r); onDone?.(r) },
      onSettled: () => setProgress(null),
    })
  }
  useEffect(() => { send('preview', null) }, [options.entity, options.file, options.encoding, options.crs, options.swapLonLat, decisions])

  // Another layer, file or encoding means other columns: the decisions about the old ones no longer apply.
  const change = (patch: Partial<FileOptions>) => {
    if ('entity' in patch || 'file' in patch || 'encoding' in patch) {
      inFlight.current?.abort()
      run.reset()
      setProgress(null)
      setDecisions(FRESH)
      setSave({ checked: null, name: null })
      setReport(null)
    }
    setOptions((o) => ({ ...o, ...patch }))
  }
  const decide = (patch: Partial<Decisions>) => setDecisions((d) => ({ ...d, ...patch }))
  const saveChoice: SaveChoice = {
    checked: save.checked ?? hasDecisions(decisions.mapping),
    name: save.name ?? (report?.template?.name ?? defaultTemplateName(t(`imports.entity.${options.entity}`), options.file?.name ?? '')),
  }
  const commit = () => send('commit', saveChoice.checked ? saveChoice.name.trim() : null, (r) => {
    if (!r.committed) return
    setOptions((o) => ({ ...o, file: null, skipRejected: false }))
    setDecisions(FRESH)
    setSave({ checked: null, name: null })
    setFileInput((n) => n + 1)
  })
  return (
    <section className="import-panel" data-testid="import-panel">
      <form onSubmit={(e) => { e.preventDefault(); send('preview', null) }}><fieldset className="import-form" disabled={committing}>
        <label>{t('imports.layer')}
          <select value={options.entity} data-testid="import-entity" onChange={(e) => change({ entity: e.target.value as ImportEntity })}>
            {ENTITIES.map((id) => <option key={id} value={id}>{t(`imports.entity.${id}`)}</option>)}
          </select>
        </label>
        <label>{t('imports.file')}
          <input key={fileInput} type="file" accept=".csv,.txt,.xlsx,.geojson,.json,.zip" data-testid="import-file" onChange={(e) => change({ file: e.target.files?.[0] ?? null })} />
        </label>
        <label>{t('imports.encoding')}
          <select value={options.encoding} onChange={(e) => change({ encoding: e.target.value as ImportOptions['encoding'] })}>
            {(['auto', 'utf-8', 'gb18030'] as const).map((id) => <option key={id} value={id}>{t(`imports.encodings.${id}`)}</option>)}
          </select>
        </label>
        <label>{t('imports.crs')}
          <select value={options.crs} data-testid="import-crs" onChange={(e) => change({ crs: e.target.value })}>
            <option value="auto">{t('imports.crsAuto')}</option>
            {CRS.map((id) => <option key={id} value={id}>{t(`imports.crsNames.${id}`)}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={options.swapLonLat} onChange={(e) => change({ swapLonLat: e.target.checked })} />{t('imports.swap')}</label>
        <button type="submit" disabled={!options.file || run.isPending} data-testid="import-preview">{t('imports.preview')}</button>
      </fieldset></form>
      {progress && <ProgressBar progress={progress} />}
      {run.error && <p className="form-error" role="alert" data-testid="import-error">{run.error.message}</p>}
      {report && (
        <div className={run.isPending ? 'import-result stale' : 'import-result'} aria-busy={run.isPending}>
          <ReportSummary report={report} />
          {report.secrets && <ImportedSecrets secrets={report.secrets} />}
          {!report.committed && (
            <fieldset disabled={committing}>
              <TemplateNotice report={report} template={decisions.template} onTemplate={(template) => decide({ template })} />
              <ColumnMapping report={report} mapping={decisions.mapping} onChange={(mapping) => decide({ mapping })} />
              <ValueMapping report={report} mapping={decisions.mapping} onChange={(mapping) => decide({ mapping })} />
              <ImportCommit report={report} busy={run.isPending} skipRejected={options.skipRejected} onSkip={(skipRejected) => setOptions((o) => ({ ...o, skipRejected }))}
                save={saveChoice} onSave={(s) => setSave(s)} onCommit={commit} />
            </fieldset>
          )}
          <ReportRows report={report} />
        </div>
      )}
      <TemplateList api={api} entity={options.entity} />
    </section>
  )
}
