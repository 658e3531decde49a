/*
 * The site filter the map, the counts and the list share, and its form in the page URL (so a filtered view
 * is a shareable link). Values are the API's own query parameters.
 */
export interface SiteFilter {
  district?: string
  kind?: string
  stage?: string
  grade?: string
  beyondScale?: 'true'
  key?: 'true'
  coverageBelow?: string
}

const KEYS: (keyof SiteFilter)[] = ['district', 'kind', 'stage', 'grade', 'beyondScale', 'key', 'coverageBelow']

export function filterFromSearch(search: string): SiteFilter {
  const params = new URLSearchParams(search)
  return Object.fromEntries(KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)]] : []))) as SiteFilter
}

/** The URL's search string with the filter's parameters replaced, other parameters kept. */
export function searchWithFilter(search: string, filter: SiteFilter): string {
  const params = new URLSearchParams(search)
  for (const k of KEYS) {
    if (filter[k]) params.set(k, filter[k]!)
    else params.delete(k)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function withValue(filter: SiteFilter, key: keyof SiteFilter, value: string): SiteFilter {
  const next = { ...filter }
  if (value) (next as Record<string, string>)[key] = value
  else delete next[key]
  return next
}
