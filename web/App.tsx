import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from './api.ts'
import { MapScreen } from './map/MapScreen.tsx'
import { saveTheme, savedTheme, type Theme } from './ui/theme.ts'

export function App({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation()
  const [theme, setTheme] = useState<Theme>(() => savedTheme(localStorage))
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    saveTheme(localStorage, theme)
  }, [theme])
  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en'
    document.title = t('title')
  }, [i18n.language, t])

  const controls = (
    <div className="controls">
      <button type="button" data-testid="theme-toggle" aria-label={t('theme.toggle')} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        {theme === 'dark' ? t('theme.light') : t('theme.dark')}
      </button>
      <button type="button" data-testid="language-toggle" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
    </div>
  )
  return <MapScreen api={api} theme={theme} header={controls} />
}
