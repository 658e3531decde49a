import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { linkTo } from './enterprise-types.ts'

/** Party names on sites that match no registered firm: the admin picks the firm and every such site is linked. */
export function UnmatchedNames({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const names = useQuery({ queryKey: ['enterprises-unmatched'], queryFn: () => unwrap(api.api.enterprises.unmatched.$get({ query: {} })) })
  const [picked, setPicked] = useState<Record<string, number>>({})
  const [done, setDone] = useState<string | null>(null)
  const resolve = useMutation({
    mutationFn: (recordedName: string) => unwrap(api.api.enterprises.unmatched.resolve.$post({ json: { recordedName, enterpriseId: picked[recordedName] } })),
    onSuccess: (result) => { setDone(t('enterprises.unmatched.resolved', { count: result.linked })); void queryClient.invalidateQueries({ queryKey: ['enterprises-unmatched'] }) },
  })
  return (
    <section data-testid="unmatched-names">
      <a {...linkTo('/registry/enterprises', navigate)}>{t('enterprises.back')}</a>
      <h2>{t('enterprises.unmatched.title')}</h2>
      <p className="muted">{t('enterprises.unmatched.hint')}</p>
      {done && <p className="notice" role="status" data-testid="unmatched-resolved">{done}</p>}
      {resolve.error && <p className="form-error" role="alert">{(resolve.error as Error).message}</p>}
      {names.data?.names.length === 0 && <p className="muted">{t('enterprises.unmatched.none')}</p>}
      {names.data && names.data.names.length > 0 && (
        <table className="grid-table">
          <thead>
            <tr>
              <th>{t('enterprises.unmatched.name')}</th><th>{t('enterprises.unmatched.roles')}</th><th>{t('enterprises.unmatched.sites')}</th>
              <th>{t('enterprises.unmatched.match')}</th><th />
            </tr>
          </thead>
          <tbody>
            {names.data.names.map((n) => (
              <tr key={n.recordedName} data-testid="unmatched-row">
                <td>{n.recordedName}</td><td>{n.roles.map((r) => t(`enterprises.kind.${r}`)).join('、')}</td><td>{n.sites}</td>
                <td>
                  <select aria-label={`${t('enterprises.unmatched.match')} ${n.recordedName}`} value={picked[n.recordedName] ?? ''}
                    onChange={(e) => setPicked({ ...picked, [n.recordedName]: Number(e.target.value) })}>
                    <option value="">{t('enterprises.unmatched.choose')}</option>
                    {n.suggestions.map((s) => <option key={s.id} value={s.id}>{s.name}（{s.creditCode}）</option>)}
                  </select>
                </td>
                <td>
                  <button type="button" disabled={!picked[n.recordedName] || resolve.isPending} onClick={() => resolve.mutate(n.recordedName)}>
                    {t('enterprises.unmatched.resolve')}
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
