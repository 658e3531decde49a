import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import 'maplibre-gl/dist/maplibre-gl.css'
import { createApiClient } from './api.ts'
import { App } from './App.tsx'
import { createI18n } from './i18n/index.ts'
import './ui/global.css'
import { wallSettingsFrom } from './wall/wall-settings.ts'

// Each screen is its own chunk: the main map does not carry the wall's charts, nor the wall the map's panels.
const WallScreen = lazy(() => import('./wall/WallScreen.tsx').then((m) => ({ default: m.WallScreen })))

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 2 } } })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={createI18n()}>
        {/* The wall is a kiosk of its own: no header, no panels, dark whatever the browser chose. */}
        {window.location.pathname.startsWith('/wall')
          ? <Suspense fallback={null}><WallScreen api={createApiClient()} settings={wallSettingsFrom(window.location.search)} /></Suspense>
          : <App api={createApiClient()} />}
      </I18nextProvider>
    </QueryClientProvider>
  </StrictMode>,
)
