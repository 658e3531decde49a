import { lazy, Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { REPORT_READERS } from '../server/domain/report-period.ts'
import { canSupervise, type Role } from '../server/domain/roles.ts'
import type { ApiClient, SessionUser } from './api.ts'
import { MapScreen } from './map/MapScreen.tsx'
import { NotificationBell } from './ui/NotificationBell.tsx'
import { navigate, usePath } from './ui/router.ts'
import { saveTheme, savedTheme, type Theme } from './ui/theme.ts'

const AccountabilityScreen = lazy(() => import('./accountability/AccountabilityScreen.tsx').then((m) => ({ default: m.AccountabilityScreen })))
const CampaignsScreen = lazy(() => import('./campaigns/CampaignsScreen.tsx').then((m) => ({ default: m.CampaignsScreen })))
const ComplaintsScreen = lazy(() => import('./complaints/ComplaintsScreen.tsx').then((m) => ({ default: m.ComplaintsScreen })))
const AccountScreen = lazy(() => import('./account/AccountScreen.tsx').then((m) => ({ default: m.AccountScreen })))
const AdminScreen = lazy(() => import('./admin/AdminScreen.tsx').then((m) => ({ default: m.AdminScreen })))
const PlannerScreen = lazy(() => import('./planner/PlannerScreen.tsx').then((m) => ({ default: m.PlannerScreen })))
const RegistryScreen = lazy(() => import('./registry/RegistryScreen.tsx').then((m) => ({ default: m.RegistryScreen })))
const ReportScreen = lazy(() => import('./planner/ReportScreen.tsx').then((m) => ({ default: m.ReportScreen })))
const ReportsScreen = lazy(() => import('./reports/ReportsScreen.tsx').then((m) => ({ default: m.ReportsScreen })))
const TrendsScreen = lazy(() => import('./trends/TrendsScreen.tsx').then((m) => ({ default: m.TrendsScreen })))
/** Who sees the planners' workspace: the planners and admin who change it, and command, which reads it. */
const PLANNING_READERS = ['admin', 'planner', 'city_command']

interface Props { api: ApiClient; user: SessionUser; onSignOut(): Promise<void> }

export function App({ api, user, onSignOut }: Props) {
  const { t, i18n } = useTranslation()
  const path = usePath()
  const [theme, setTheme] = useState<Theme>(() => savedTheme(localStorage))
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    saveTheme(localStorage, theme)
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en'
    document.title = t('title')
  }, [i18n.language, t])

  const link = (to: string, label: string, testId: string) => (
    <a href={to} data-testid={testId} aria-current={path === to ? 'page' : undefined}
      onClick={(e) => { e.preventDefault(); navigate(to) }}>{label}</a>
  )
  const controls = (
    <div className="controls">
      <nav className="nav">
        {/* The security auditor has the audit trail and their own account, and no other screen; patrol staff their tasks. */}
        {user.role === 'auditor' && link('/audit', t('account.auditNav'), 'nav-audit')}
        {user.role === 'patrol' && link('/campaigns/patrol', t('nav.patrol'), 'nav-patrol')}
        {user.role !== 'auditor' && user.role !== 'patrol' && <>
          {link('/', t('nav.map'), 'nav-map')}
          {/* Command and planners get the same task list for the whole city, where escalated hazards end up. */}
          {link('/zone', t(canSupervise(user.role as Role) && user.role !== 'admin' ? 'nav.zone' : 'nav.tasks'), 'nav-zone')}
          {link('/registry', t('nav.registry'), 'nav-registry')}
          {link('/campaigns', t('nav.campaigns'), 'nav-campaigns')}
          {link('/complaints', t('nav.complaints'), 'nav-complaints')}
          {link('/accountability', t('nav.accountability'), 'nav-accountability')}
          {link('/trends', t('trends.nav'), 'nav-trends')}
          {(REPORT_READERS as readonly string[]).includes(user.role) && link('/reports', t('reports.nav'), 'nav-reports')}
          {PLANNING_READERS.includes(user.role) && link('/planner', t('nav.planner'), 'nav-planner')}
          {user.role === 'admin' && link('/admin', t('nav.admin'), 'nav-admin')}
        </>}
        {link('/account', t('account.nav'), 'nav-account')}
      </nav>
      {user.role !== 'auditor' && user.role !== 'patrol' && <NotificationBell api={api} />}
      <span className="user-chip" data-testid="user-chip" title={user.username}>{user.displayName} · {t(`role.${user.role}`)}</span>
      <button type="button" data-testid="theme-toggle" aria-label={t('theme.toggle')} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        {theme === 'dark' ? t('theme.light') : t('theme.dark')}
      </button>
      <button type="button" data-testid="language-toggle" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      <button type="button" data-testid="sign-out" onClick={() => void onSignOut()}>{t('nav.signOut')}</button>
    </div>
  )
  if (path === '/account') {
    return <Suspense fallback={null}><AccountScreen api={api} user={user} header={controls} onSignedOut={() => void onSignOut()} /></Suspense>
  }
  if (user.role === 'auditor') return <Suspense fallback={null}><AdminScreen api={api} header={controls} role="auditor" /></Suspense>
  if (path.startsWith('/admin') && user.role === 'admin') {
    return <Suspense fallback={null}><AdminScreen api={api} header={controls} role="admin" /></Suspense>
  }
  if (user.role === 'patrol') return <Suspense fallback={null}><CampaignsScreen api={api} user={user} header={controls} /></Suspense>
  if (path.startsWith('/campaigns')) return <Suspense fallback={null}><CampaignsScreen api={api} user={user} header={controls} /></Suspense>
  if (path.startsWith('/complaints')) return <Suspense fallback={null}><ComplaintsScreen api={api} user={user} header={controls} /></Suspense>
  if (path.startsWith('/accountability')) return <Suspense fallback={null}><AccountabilityScreen api={api} user={user} header={controls} /></Suspense>
  if (path.startsWith('/reports') && (REPORT_READERS as readonly string[]).includes(user.role)) return <Suspense fallback={null}><ReportsScreen api={api} user={user} header={controls} /></Suspense>
  if (path === '/trends') return <Suspense fallback={null}><TrendsScreen api={api} user={user} theme={theme} header={controls} /></Suspense>
  if (path.startsWith('/registry')) {
    return <Suspense fallback={null}><RegistryScreen api={api} user={user} header={controls} /></Suspense>
  }
  if (path === '/planner/report' && PLANNING_READERS.includes(user.role)) {
    const versionId = Number(new URLSearchParams(window.location.search).get('version'))
    return <Suspense fallback={null}><ReportScreen api={api} versionId={versionId} /></Suspense>
  }
  if (path.startsWith('/planner') && PLANNING_READERS.includes(user.role)) {
    return <Suspense fallback={null}><PlannerScreen api={api} theme={theme} header={controls} user={user} /></Suspense>
  }
  return <MapScreen api={api} theme={theme} header={controls} user={user} mode={path.startsWith('/zone') ? 'zone' : 'city'} />
}
