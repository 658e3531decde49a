/** 简体中文 for the registry screen (主体库): its tabs. Each tab's own words are in zh-<tab>.ts. */
export const zhRegistry = {
  registry: {
    tab: { enterprises: '企业库', people: '人员库', cranes: '起重机械', testing: '检测机构', credit: '信用评价' },
  },
}
