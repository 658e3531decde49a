/** 简体中文 for the 专项治理 screen's frame: its tabs. Each tab's own words are in zh-<feature>.ts. */
export const zhCampaignsScreen = {
  campaignsScreen: {
    tab: { campaigns: '专项行动', chemicals: '危化品治理', scaffold: '盘扣抽查抽测', patrol: '第三方巡查' },
  },
}
