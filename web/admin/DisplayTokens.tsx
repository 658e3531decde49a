import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'

/** Display tokens for the command-center walls: the secret link is shown once, right after creating it. */
export function DisplayTokens({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const tokens = useQuery({ queryKey: ['display-tokens'], queryFn: () => unwrap(api.api.admin['display-tokens'].$get()) })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['display-tokens'] })
  const create = useMutation({ mutationFn: () => unwrap(api.api.admin['display-tokens'].$post({ json: { name } })), onSuccess: refresh })
  const revoke = useMutation({ mutationFn: (id: number) => unwrap(api.api.admin['display-tokens'][':id'].$delete({ param: { id: String(id) } })), onSuccess: refresh })
  return (
    <section>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); create.mutate() }}>
        <input value={name} maxLength={100} placeholder={t('admin.tokenName')} onChange={(e) => setName(e.target.value)} required />
        <button type="submit" className="primary">{t('admin.createToken')}</button>
      </form>
      {create.data && <p className="notice" data-testid="new-wall-url">{t('admin.onceOnly')} <code>{`${window.location.origin}${create.data.wallUrl}`}</code></p>}
      <table className="grid-table">
        <thead><tr><th>{t('admin.tokenName')}</th><th>{t('admin.created')}</th><th>{t('admin.lastUsed')}</th><th /></tr></thead>
        <tbody>
          {(tokens.data ?? []).map((k) => (
            <tr key={k.id} className={k.revokedAt ? 'muted' : ''}>
              <td>{k.name}</td><td>{k.createdAt.slice(0, 16).replace('T', ' ')}</td><td>{k.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '–'}</td>
              <td>{k.revokedAt ? t('admin.revoked') : <button type="button" onClick={() => revoke.mutate(k.id)}>{t('admin.revoke')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
