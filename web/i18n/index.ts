import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en.ts'
import { zh } from './zh.ts'

export const LANGUAGES = ['zh', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

/** One i18n instance per app mount (no module singleton): zh-CN first, English second. */
export function createI18n(language: Language = 'zh') {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: language, fallbackLng: 'zh', interpolation: { escapeValue: false }, // React escapes; user text is never HTML
  })
  return instance
}
