/** English for the Campaigns screen's frame; the same keys as zh-campaigns-screen.ts. */
export const enCampaignsScreen = {
  campaignsScreen: {
    tab: { campaigns: 'Campaigns', chemicals: 'Hazardous chemicals', scaffold: 'Scaffold spot checks', patrol: 'Third-party patrol' },
  },
}
