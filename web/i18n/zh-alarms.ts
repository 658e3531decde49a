/** 简体中文 for device alarms: the supervisor's three steps in 今日任务, and how a reading is stated. */
export const zhAlarms = {
  alarms: {
    title: '设备告警（{{count}}）',
    status: { open: '待确认', acknowledged: '已确认 · 待处置', disposed: '已处置 · 待关闭', closed: '已关闭' },
    // A reading in its kind's unit; cameras and silent devices have none.
    value: { pm10_exceedance: '{{value}} µg/m³', crane_overload: '{{value}} t', crane_moment: '{{value}}%', crane_wind: '{{value}} m/s' },
    openedAt: '发生于 {{at}}', peak: '最高 {{value}}', respondBy: '{{at}} 前确认', overdue: '超时未确认', clearedAt: '{{at}} 已恢复', stillActive: '仍在告警',
    device: '设备 {{code}}', acknowledgedBy: '{{by}} {{at}} 已确认', disposedBy: '{{by}} {{at}} 处置：{{note}}',
    note: '说明（可选）', disposalNote: '处置情况（必填）', disposalPhoto: '现场照片（必填，一张）', needNoteAndPhoto: '请填写处置情况并上传一张现场照片',
    acknowledge: '确认', dispose: '处置', close: '关闭',
  },
}
