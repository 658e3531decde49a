import type { zhRegistry } from './zh-registry.ts'

export const enRegistry: typeof zhRegistry = {
  registry: {
    tab: { enterprises: 'Enterprises', people: 'People', cranes: 'Cranes', testing: 'Testing institutions', credit: 'Credit' },
  },
}
