/** Light or dark, for the whole page and the basemap; a person's choice, kept in this browser. */
export type Theme = 'dark' | 'light'

const STORAGE_KEY = 'sitegrid.theme'

/** Dark unless this browser chose otherwise: wall displays and command centers run dark, whatever the OS says. */
export function savedTheme(storage: Pick<Storage, 'getItem'>): Theme {
  return storage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark'
}

export function saveTheme(storage: Pick<Storage, 'setItem'>, theme: Theme): void {
  storage.setItem(STORAGE_KEY, theme)
}
