import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { GRADE_COLORS, rgb } from './layers/colors.ts'

export interface SearchHit { id: number; code: string; name: string; kind: string; district: string; riskGrade: string | null; location: [number, number] }

const DEBOUNCE_MS = 150

/** Results as one types (debounced, previous results kept while the next load); arrows and Enter pick one. */
export function SiteSearch({ api, onPick }: { api: ApiClient; onPick(hit: SearchHit): void }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [text])
  const hits = useQuery({
    queryKey: ['search', query],
    queryFn: () => unwrap(api.api.sites.search.$get({ query: { q: query, limit: '10' } })),
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
  })
  const results = query ? hits.data ?? [] : []
  const pick = (hit: SearchHit | undefined) => {
    if (!hit) return
    onPick(hit)
    setOpen(false)
    setText(hit.name)
  }
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1))
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0))
    else if (e.key === 'Enter') pick(results[active])
    else if (e.key === 'Escape') setOpen(false)
    else return
    e.preventDefault()
  }
  return (
    <div className="site-search" role="combobox" aria-expanded={open && results.length > 0} aria-haspopup="listbox">
      <input type="search" data-testid="site-search" value={text} placeholder={t('search.placeholder')} aria-label={t('search.label')}
        onChange={(e) => { setText(e.target.value); setOpen(true); setActive(0) }} onKeyDown={onKey} onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)} />
      {open && query && (
        <ul role="listbox" className="search-results" data-testid="search-results">
          {results.length === 0 && !hits.isFetching && <li className="empty">{t('search.none')}</li>}
          {results.map((hit, i) => (
            <li key={hit.id} role="option" aria-selected={i === active} className={i === active ? 'active' : ''}
              onMouseDown={(e) => { e.preventDefault(); pick(hit) }} onMouseEnter={() => setActive(i)}>
              <i style={{ background: hit.riskGrade ? rgb(GRADE_COLORS[hit.riskGrade]) : 'transparent' }} />
              <span className="name">{hit.name}</span>
              <small>{hit.code} · {hit.district} · {t(`kind.${hit.kind}`)}</small>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
