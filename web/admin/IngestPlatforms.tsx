import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import { SecretOnce } from './SecretOnce.tsx'

/** Vendor platforms that push crane and camera data over HTTP: a key each, shown once when made, revocable. */
export function IngestPlatforms({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const platforms = useQuery({ queryKey: ['ingest-platforms'], queryFn: () => unwrap(api.api.admin['ingest-platforms'].$get()) })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['ingest-platforms'] })
  const create = useMutation({
    mutationFn: () => unwrap(api.api.admin['ingest-platforms'].$post({ json: { name } })),
    onSuccess: () => { setName(''); void refresh() },
  })
  const revoke = useMutation({
    mutationFn: (id: number) => unwrap(api.api.admin['ingest-platforms'][':id'].$delete({ param: { id: String(id) } })),
    onSuccess: refresh,
  })
  return (
    <section className="ingest-platforms" data-testid="ingest-platforms">
      <h3>{t('deviceAdmin.platforms')}</h3>
      <p className="hint">{t('deviceAdmin.platformsHint')}</p>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); create.mutate() }}>
        <input value={name} maxLength={100} placeholder={t('deviceAdmin.platformName')} onChange={(e) => setName(e.target.value)} required data-testid="platform-name" />
        <button type="submit" className="primary" disabled={create.isPending}>{t('deviceAdmin.createPlatform')}</button>
      </form>
      <FormError error={create.error ?? revoke.error} />
      {create.data && (
        <SecretOnce title={`${t('deviceAdmin.keyTitle')} · ${create.data.name}`} secret={create.data.key} warning={t('deviceAdmin.keyWarning')} onDismiss={() => create.reset()} />
      )}
      <table className="grid-table">
        <thead><tr><th>{t('deviceAdmin.platformName')}</th><th>{t('deviceAdmin.created')}</th><th /></tr></thead>
        <tbody>
          {(platforms.data ?? []).map((p) => (
            <tr key={p.id} className={p.revokedAt ? 'muted' : ''}>
              <td>{p.name}</td><td>{beijingMinute(p.createdAt)}</td>
              <td>
                {p.revokedAt ? t('deviceAdmin.revoked', { at: beijingMinute(p.revokedAt) }) : (
                  <button type="button" onClick={() => { if (window.confirm(t('deviceAdmin.revokeConfirm', { name: p.name }))) revoke.mutate(p.id) }}>{t('deviceAdmin.revoke')}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
