import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { saveBlob } from '../ui/download.ts'

/**
 * A secret the server gives out once (a device's password, a platform's key): shown with a warning that it cannot
 * be seen again, copyable, and gone from the screen once dismissed. Nothing keeps it: not the query cache, not storage.
 */
export function SecretOnce({ title, secret, warning, onDismiss }: { title: string; secret: string; warning: string; onDismiss(): void }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  // The clipboard API exists only in secure contexts (https, localhost): elsewhere the secret is selected by hand.
  const canCopy = typeof navigator !== 'undefined' && Boolean(navigator.clipboard)
  return (
    <div className="notice secret-once" role="alert" data-testid="secret-once">
      <strong>{title}</strong>
      <p className="warn">{warning}</p>
      <p><code className="secret" data-testid="secret-value">{secret}</code></p>
      <div className="actions">
        {canCopy && <button type="button" onClick={() => void navigator.clipboard.writeText(secret).then(() => setCopied(true))}>{copied ? t('deviceAdmin.copied') : t('deviceAdmin.copy')}</button>}
        <button type="button" className="primary" data-testid="secret-dismiss" onClick={onDismiss}>{t('deviceAdmin.dismiss')}</button>
      </div>
    </div>
  )
}

export interface IssuedSecret { code: string; identity: string; secret: string }

/** The secrets of devices just imported, as a CSV for the office to keep (BOM first, so that Excel reads it as UTF-8). */
export function ImportedSecrets({ secrets }: { secrets: IssuedSecret[] }) {
  const { t } = useTranslation()
  if (secrets.length === 0) return null
  const download = () => {
    const header = (['code', 'identity', 'secret'] as const).map((c) => t(`deviceAdmin.secretColumns.${c}`))
    // Codes, identities and secrets are ASCII letters, digits and _ . : -: nothing in them needs quoting.
    const lines = [header, ...secrets.map((s) => [s.code, s.identity, s.secret])].map((cells) => cells.join(','))
    saveBlob(new Blob([`\uFEFF${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }), `${t('deviceAdmin.secretsFile')}.csv`)
  }
  return (
    <div className="notice secret-once" role="alert" data-testid="imported-secrets">
      <p className="warn">{t('deviceAdmin.importedSecrets', { count: secrets.length })}</p>
      <button type="button" className="primary" data-testid="download-secrets" onClick={download}>{t('deviceAdmin.downloadSecrets')}</button>
    </div>
  )
}
