import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import type { ImportEntity, ImportReport } from './import-stream.ts'

/*
 * Import templates: an office's confirmed column and value mapping for one shape of sheet, applied by itself when
 * the same headers come again. The preview says which one it applied and lets the user do without it.
 */

export function TemplateNotice({ report, template, onTemplate }: { report: ImportReport; template: string; onTemplate: (t: string) => void }) {
  const { t } = useTranslation()
  if (report.template) {
    return (
      <p className="notice" data-testid="import-template">
        {t('imports.templates.applied', { name: report.template.name })}{' '}
        <button type="button" className="link" data-testid="import-template-none" onClick={() => onTemplate('none')}>{t('imports.templates.dontApply')}</button>
      </p>
    )
  }
  if (template !== 'none') return null
  return (
    <p className="muted" data-testid="import-template">
      {t('imports.templates.notApplied')}{' '}
      <button type="button" className="link" onClick={() => onTemplate('auto')}>{t('imports.templates.autoApply')}</button>
    </p>
  )
}

/** The office's templates for the chosen layer: renamed or deleted here (each change is audited by the server). */
export function TemplateList({ api, entity }: { api: ApiClient; entity: ImportEntity }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<{ id: number; name: string } | null>(null)
  const templates = useQuery({
    queryKey: ['import-templates', entity],
    queryFn: () => unwrap(api.api.imports.templates.$get({ query: { entity } })),
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['import-templates'] })
  const rename = useMutation({
    mutationFn: ({ id, name }: { id: number; name: string }) => unwrap(api.api.imports.templates[':id'].$patch({ param: { id: String(id) }, json: { name } })),
    onSuccess: () => { setEditing(null); void refresh() },
  })
  const remove = useMutation({
    mutationFn: (id: number) => unwrap(api.api.imports.templates[':id'].$delete({ param: { id: String(id) } })),
    onSuccess: refresh,
  })
  const list = templates.data?.templates ?? []
  return (
    <section className="import-templates" data-testid="import-templates">
      <h3>{t('imports.templates.title', { entity: t(`imports.entity.${entity}`) })}</h3>
      <FormError error={templates.error ?? rename.error ?? remove.error} />
      {templates.isSuccess && list.length === 0 && <p className="hint">{t('imports.templates.none')}</p>}
      {list.length > 0 && (
        <table className="grid-table">
          <thead><tr><th>{t('imports.templates.name')}</th><th>{t('imports.templates.headers')}</th><th>{t('imports.templates.updated')}</th><th /></tr></thead>
          <tbody>
            {list.map((template) => (
              <tr key={template.id} data-testid="import-template-row">
                <td>
                  {editing?.id === template.id ? (
                    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); rename.mutate(editing) }}>
                      <input value={editing.name} maxLength={100} required aria-label={t('imports.templates.name')} autoFocus
                        onChange={(e) => setEditing({ id: template.id, name: e.target.value })} />
                      <button type="submit" disabled={rename.isPending || !editing.name.trim()}>{t('imports.templates.ok')}</button>
                      <button type="button" onClick={() => setEditing(null)}>{t('imports.templates.cancel')}</button>
                    </form>
                  ) : template.name}
                </td>
                <td className="samples">{template.headers.join('、')}</td>
                <td>{beijingMinute(template.updatedAt)}{template.updatedBy && ` · ${template.updatedBy}`}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => setEditing({ id: template.id, name: template.name })}>{t('imports.templates.rename')}</button>{' '}
                  <button type="button" className="link" disabled={remove.isPending}
                    onClick={() => { if (window.confirm(t('imports.templates.deleteConfirm', { name: template.name }))) remove.mutate(template.id) }}>
                    {t('imports.templates.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
