import type { InferResponseType } from 'hono/client'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { priorityColor } from '../map/layers/candidates-layer.ts'

export type CandidateResult = InferResponseType<ApiClient['api']['planning']['candidates']['$post'], 200>
export type Candidate = CandidateResult['candidates'][number]

interface Props {
  result: CandidateResult | undefined; error: Error | null; loading: boolean
  picked: Set<number>; onToggle(c: Candidate): void; onAddTop(n: number): void
  highlightedId: number | null; onHighlight(c: Candidate): void
}

const PAGE = 100
const css = ([r, g, b]: number[]) => `rgb(${r}, ${g}, ${b})`

/** Candidates best first, with the district counts; the highlighted one (from a click on the map) is scrolled into view. */
export function CandidateList({ result, error, loading, picked, onToggle, onAddTop, highlightedId, onHighlight }: Props) {
  const { t } = useTranslation()
  const [shown, setShown] = useState(PAGE)
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => setShown(PAGE), [result])
  useEffect(() => {
    if (highlightedId === null || !result) return
    const index = result.candidates.findIndex((c) => c.id === highlightedId)
    if (index >= shown) setShown(index + 1)
    list.current?.querySelector(`[data-id="${highlightedId}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [highlightedId, result, shown])

  if (error) return <p className="form-error" role="alert" data-testid="candidates-error">{error.message}</p>
  if (!result) return <p className="hint">{loading ? t('loading') : ''}</p>
  const max = Math.max(1, ...result.byDistrict.map((d) => d.count))
  return (
    <div className="candidates" data-testid="candidates">
      <header className="candidates-head">
        <b data-testid="candidate-count">{t('planning.candidates', { count: result.count })}</b>
        {result.count > 0 && <button type="button" className="link" data-testid="add-top" onClick={() => onAddTop(Math.min(150, result.count))}>
          {t('planning.addAll', { n: Math.min(150, result.count) })}</button>}
      </header>
      {result.count === 0 && <p className="hint">{t('planning.none')}</p>}
      <ul className="bars" aria-label={t('planning.byDistrict')} data-testid="by-district">
        {result.byDistrict.map((d) => (
          <li key={d.districtId}><span>{d.district}</span><span className="bar"><i style={{ width: `${(d.count / max) * 100}%` }} /></span>
            <span className="bar-value">{d.count}</span></li>
        ))}
      </ul>
      <ol className="candidate-list" ref={list}>
        {result.candidates.slice(0, shown).map((c, i) => (
          <li key={c.id} data-id={c.id} data-testid="candidate" aria-current={c.id === highlightedId ? 'true' : undefined}>
            <span className="rank">{i + 1}</span>
            <button type="button" className="link name" onClick={() => onHighlight(c)}
              title={c.priority.breakdown.map((b) => `${t(`planning.factor.${b.factor}`)} +${b.points}`).join('\n')}>
              {c.name}<small>{c.district} · {t(`stage.${c.stage}`)}{c.keyProjectRank ? ` · ★${c.keyProjectRank}` : ''}</small>
            </button>
            <b className="score" style={{ borderColor: css(priorityColor(c.priority.score)) }}>{c.priority.score}</b>
            <button type="button" data-testid="pick-toggle" aria-pressed={picked.has(c.id)} onClick={() => onToggle(c)}>
              {picked.has(c.id) ? t('planning.remove') : t('planning.add')}
            </button>
          </li>
        ))}
      </ol>
      {shown < result.candidates.length && <button type="button" className="link" onClick={() => setShown(shown + PAGE)}>{t('planning.showMore')}</button>}
    </div>
  )
}
