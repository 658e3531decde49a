import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { config as zodConfig } from 'zod'
import 'maplibre-gl/dist/maplibre-gl.css'
import { ApiError, createApiClient } from './api.ts'
import { AuthGate, SESSION_QUERY } from './auth/AuthGate.tsx'
import { createI18n } from './i18n/index.ts'
import './ui/global.css'
import { wallSettingsFrom } from './wall/wall-settings.ts'

// The shared domain rules that the web app imports validate with zod, whose first parse probes `new Function`
// to pick its fast path: the CSP (no unsafe-eval) reports that probe as a violation even though zod copes.
zodConfig({ jitless: true })

// Each screen is its own chunk: the main map does not carry the wall's charts, nor the wall the map's panels and
// filters. The sign-in screen stays here, so that it shows without waiting for the map's code.
const onWall = window.location.pathname.startsWith('/wall')
const WallScreen = lazy(() => import('./wall/WallScreen.tsx').then((m) => ({ default: m.WallScreen })))
const loadApp = () => import('./App.tsx').then((m) => ({ default: m.App }))
// Requested at once, not once the session is known: the map's code downloads while the session is checked.
if (!onWall) void loadApp()
const App = lazy(loadApp)

// A request that finds the session gone (expired, signed out elsewhere) sends the user back to the login screen.
const queryClient: QueryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 60_000, retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2 } },
  queryCache: new QueryCache({
    onError: (e, query) => {
      if (e instanceof ApiError && e.status === 401 && query.queryKey[0] !== SESSION_QUERY[0]) void queryClient.invalidateQueries({ queryKey: SESSION_QUERY })
    },
  }),
})
const csrf = { token: '' }
const api = createApiClient(window.location.origin, () => csrf.token)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={createI18n()}>
        {/* The wall is a kiosk of its own, behind a display token: no sign-in, no header, no panels. */}
        {onWall
          ? <Suspense fallback={null}><WallScreen api={api} settings={wallSettingsFrom(window.location.search)} /></Suspense>
          : (
            <AuthGate api={api} onCsrfToken={(token) => { csrf.token = token }}>
              {(user, signOut) => <Suspense fallback={null}><App api={api} user={user} onSignOut={signOut} /></Suspense>}
            </AuthGate>
          )}
      </I18nextProvider>
    </QueryClientProvider>
  </StrictMode>,
)
