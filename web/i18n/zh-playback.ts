/** 简体中文 for history playback on the map and the wall (web/map/playback, web/wall/WallPlayback.tsx). */
export const zhPlayback = {
  playback: {
    title: '历史回放', day: '回放日期', live: '实时', backToLive: '回到实时',
    play: '播放', pause: '暂停', back: '前一天', forward: '后一天', speed: '播放速度', perSecond: '{{n}} 天/秒',
    red: '重大风险', open: '未闭环隐患', overdue: '逾期',
    hazards: '当日隐患 {{open}} 项（逾期 {{overdue}} 项）',
    failed: '历史数据加载失败：{{message}}',
    replay: '历史回放', tour: '近30日趋势回放', capturedAt: '数据截至 {{time}}',
  },
}
