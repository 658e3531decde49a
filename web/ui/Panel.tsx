import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface PanelProps { title: string; subtitle?: string; onClose(): void; testId: string; children?: ReactNode }

/** The side panel the map opens for whatever was clicked; one at a time, closed with × or Escape. */
export function Panel({ title, subtitle, onClose, testId, children }: PanelProps) {
  const { t } = useTranslation()
  return (
    <aside className="side-panel" data-testid={testId} aria-label={title} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header>
        <div>
          <h2>{title}</h2>
          {subtitle && <small>{subtitle}</small>}
        </div>
        <button type="button" className="close" onClick={onClose} aria-label={t('close')} data-testid="panel-close">×</button>
      </header>
      <div className="panel-body">{children}</div>
    </aside>
  )
}

/** `data-*` attributes go on the section: what a section is and its state, for styles and tests. */
export function Section({ title, children, ...data }: { title: string; children: ReactNode } & { [name: `data-${string}`]: string }) {
  return (
    <section className="panel-section" {...data}>
      <h3>{title}</h3>
      {children}
    </section>
  )
}
