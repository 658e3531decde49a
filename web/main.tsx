import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import 'maplibre-gl/dist/maplibre-gl.css'
import { createApiClient } from './api.ts'
import { App } from './App.tsx'
import { createI18n } from './i18n/index.ts'
import './ui/global.css'

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 2 } } })

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={createI18n()}>
        <App api={createApiClient()} />
      </I18nextProvider>
    </QueryClientProvider>
  </StrictMode>,
)
