import { useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { SignInTable } from '../account/SignInTable.tsx'
import { FormError } from '../ui/FormError.tsx'

const PAGE = 100

/** The sign-in history (admins and the auditor): every attempt, by username and result, older pages on demand. */
export function SignIns({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [username, setUsername] = useState('')
  const [result, setResult] = useState<'' | 'success' | 'failure'>('')
  const filter = { ...(username.trim() ? { username: username.trim() } : {}), ...(result ? { result } : {}) }
  const pages = useInfiniteQuery({
    queryKey: ['sign-ins', filter],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => unwrap(api.api.admin['sign-ins'].$get({ query: { ...filter, limit: String(PAGE), ...(pageParam ? { beforeId: String(pageParam) } : {}) } })),
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1].id : undefined),
  })
  return (
    <section data-testid="sign-in-history">
      <div className="inline-form">
        <input value={username} maxLength={40} placeholder={t('account.signIns.filterUser')} aria-label={t('account.signIns.filterUser')}
          data-testid="sign-ins-username" onChange={(e) => setUsername(e.target.value)} />
        <select value={result} aria-label={t('account.signIns.result')} onChange={(e) => setResult(e.target.value as typeof result)}>
          <option value="">{t('account.signIns.allResults')}</option>
          <option value="success">{t('account.signIns.success')}</option>
          <option value="failure">{t('account.signIns.failure')}</option>
        </select>
      </div>
      <FormError error={pages.error as Error | null} />
      <SignInTable signIns={pages.data?.pages.flat() ?? []} showUsername />
      {pages.hasNextPage && (
        <button type="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>{t('account.signIns.more')}</button>
      )}
    </section>
  )
}
