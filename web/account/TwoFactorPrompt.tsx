import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { TwoFactorSetup } from './TwoFactorSetup.tsx'

/**
 * ADMIN_TOTP=prompt: an administrator without two factors works as usual under a banner that asks them to enrol,
 * and can enrol from it without leaving the page. "Later" hides it until the next visit.
 */
export function TwoFactorPrompt({ api, onEnrolled }: { api: ApiClient; onEnrolled(): void }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [hidden, setHidden] = useState(false)
  if (hidden) return null
  return (
    <div className="two-factor-prompt" role="status" data-testid="two-factor-prompt">
      {!open ? (
        <p>
          {t('twoFactor.prompt')}{' '}
          <button type="button" className="primary" data-testid="two-factor-enrol" onClick={() => setOpen(true)}>{t('twoFactor.promptAction')}</button>{' '}
          <button type="button" className="link" onClick={() => setHidden(true)}>{t('twoFactor.later')}</button>
        </p>
      ) : (
        <div className="two-factor-dialog" role="dialog" aria-label={t('twoFactor.title')}>
          <h3>{t('twoFactor.title')}</h3>
          <TwoFactorSetup api={api} onDone={onEnrolled} />
          <button type="button" className="link" onClick={() => setOpen(false)}>{t('twoFactor.later')}</button>
        </div>
      )}
    </div>
  )
}

/** ADMIN_TOTP=required: until the administrator enrols, their session can do nothing else, and this is all they see. */
export function TwoFactorRequired({ api, onEnrolled, onSignOut }: { api: ApiClient; onEnrolled(): void; onSignOut(): void }) {
  const { t } = useTranslation()
  return (
    <div className="login">
      <div className="login-box" data-testid="two-factor-required">
        <h1>{t('title')}</h1>
        <h2>{t('twoFactor.requiredTitle')}</h2>
        <p>{t('twoFactor.requiredText')}</p>
        <TwoFactorSetup api={api} onDone={onEnrolled} />
        <button type="button" className="link" onClick={onSignOut}>{t('nav.signOut')}</button>
      </div>
    </div>
  )
}
