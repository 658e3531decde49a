import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { KEY_PROJECT_TARGET } from '../../server/domain/dust-priority.ts'
import { canPlan, type Role } from '../../server/domain/roles.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'

export interface PickItem { id: number; name: string; district: string; position: [number, number]; score: number | null }
type Version = InferResponseType<ApiClient['api']['planning']['pick-lists']['$get'], 200>['versions'][number]
type Diff = InferResponseType<ApiClient['api']['planning']['pick-lists']['compare']['$get'], 200>

interface Props { api: ApiClient; user: SessionUser; picks: PickItem[]; onRemove(id: number): void; onLoad(items: PickItem[]): void; onSite(item: PickItem): void }

/** The pick list with its running count toward 150, saved versions, their comparison, publishing and exports. */
export function PickListPanel({ api, user, picks, onRemove, onLoad, onSite }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [diff, setDiff] = useState<Diff | null>(null)
  const planner = canPlan(user.role as Role)
  const versions = useQuery({ queryKey: ['pick-lists'], queryFn: () => unwrap(api.api.planning['pick-lists'].$get()) })
  const official = versions.data?.versions.find((v) => v.official)
  const refresh = () => queryClient.invalidateQueries({ predicate: (q) => ['pick-lists', 'measures', 'progress'].includes(String(q.queryKey[0])) })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.planning['pick-lists'].$post({ json: { name, siteIds: picks.map((p) => p.id) } })),
    onSuccess: (v) => { setMessage(t('planning.saved', { name: v.name })); setName(''); void refresh() },
  })
  const publish = useMutation({
    mutationFn: (v: Version) => unwrap(api.api.planning['pick-lists'][':id'].publish.$post({ param: { id: String(v.id) } })),
    onSuccess: (r) => { setMessage(t('planning.published', { added: r.added.length, removed: r.removed.length })); void refresh() },
  })
  const load = async (v: Version) => {
    const { items } = await unwrap(api.api.planning['pick-lists'][':id'].$get({ param: { id: String(v.id) } }))
    onLoad(items.map((i) => ({ id: i.siteId, name: i.name, district: i.district, position: i.location, score: null })))
  }
  const compare = async (v: Version) => {
    if (!official) return
    setDiff(await unwrap(api.api.planning['pick-lists'].compare.$get({ query: { a: String(official.id), b: String(v.id) } })))
  }
  const pct = Math.min(100, (picks.length / KEY_PROJECT_TARGET) * 100)

  return (
    <div className="pick-list" data-testid="pick-list">
      <p className="pick-count"><b data-testid="pick-count">{t('planning.progressTo', { n: picks.length, target: KEY_PROJECT_TARGET })}</b></p>
      <span className="bar"><i style={{ width: `${pct}%`, background: picks.length > KEY_PROJECT_TARGET ? 'var(--warn)' : 'var(--accent)' }} /></span>
      {picks.length === 0 ? <p className="hint">{t('planning.emptyPick')}</p> : (
        <ol className="picked">
          {picks.map((p) => (
            <li key={p.id} data-testid="picked"><button type="button" className="link" onClick={() => onSite(p)}>{p.name}</button>
              <small>{p.district}</small><button type="button" className="close" aria-label={t('planning.remove')} onClick={() => onRemove(p.id)}>×</button></li>
          ))}
        </ol>
      )}
      {planner && (
        <form className="save-version" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
          <input data-testid="version-name" placeholder={t('planning.versionName')} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary" data-testid="save-version" disabled={!name.trim() || picks.length === 0 || save.isPending}>{t('planning.save')}</button>
        </form>
      )}
      {[save.error, publish.error].map((e) => e && <p key={e.message} className="form-error" role="alert">{e.message}</p>)}
      {message && <p className="notice" data-testid="pick-message">{message}</p>}
      <h3>{t('planning.versions')}</h3>
      <ul className="versions" data-testid="versions">
        {versions.data?.versions.map((v) => (
          <li key={v.id} data-testid="version">
            <div><b>{v.name}</b> <span className={`status ${v.official ? 'ok' : ''}`}>
              {t(v.official ? 'planning.official' : v.supersededAt ? 'planning.superseded' : v.publishedAt ? 'planning.official' : 'planning.draft')}</span>
              <small>{v.count} · {v.createdBy} · {v.createdAt.slice(0, 16).replace('T', ' ')}</small></div>
            <div className="actions">
              <button type="button" className="link" onClick={() => void load(v)}>{t('planning.load')}</button>
              {official && !v.official && <button type="button" className="link" data-testid="compare" onClick={() => void compare(v)}>{t('planning.compareWith')}</button>}
              {planner && !v.publishedAt && <button type="button" className="link" data-testid="publish"
                onClick={() => window.confirm(t('planning.publishConfirm', { name: v.name, n: v.count })) && publish.mutate(v)}>{t('planning.publish')}</button>}
              <ExportButtons fileName={v.name} request={(format) => api.api.exports['pick-lists'][':id'].$get({ param: { id: String(v.id) }, query: { format } })} />
              <button type="button" className="link" data-testid="report" onClick={() => navigate(`/planner/report?version=${v.id}`)}>{t('planning.report')}</button>
            </div>
          </li>
        ))}
      </ul>
      {diff && (
        <div className="diff" data-testid="diff">
          <b>{diff.a.name} → {diff.b.name}</b>: {t('planning.diff', { added: diff.added.length, removed: diff.removed.length, kept: diff.kept.length })}
          <ul>{diff.added.map((i) => <li key={`+${i.siteId}`} className="added">+ {i.name}</li>)}
            {diff.removed.map((i) => <li key={`-${i.siteId}`} className="removed">− {i.name}</li>)}</ul>
        </div>
      )}
    </div>
  )
}
