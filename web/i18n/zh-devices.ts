import { DEVICE_KIND_ZH } from '../../server/domain/labels-zh.ts'

/** 简体中文 for field devices on the map and in the site panel: health, live values and HJ 212 data flags. */
export const zhDevices = {
  liveDevices: {
    title: '现场设备（{{count}}）', none: '本项目未接入设备', kind: DEVICE_KIND_ZH,
    health: { online: '在线', late: '延迟', silent: '失联', never: '从未上报', maintenance: '维护中', decommissioned: '已停用' },
    lastSeen: '最后上报 {{at}}', neverSeen: '尚未上报',
    factor: {
      pm10: 'PM10', pm25: 'PM2.5', tsp: 'TSP', noise: '噪声', windSpeed: '风速', windDirection: '风向', temperature: '温度', humidity: '湿度',
      momentPct: '力矩', loadT: '吊重', ratedLoadT: '额定', windMs: '风速', heightM: '高度', slewDeg: '回转',
    },
    // HJ 212-2017 数据标记; N (正常) is not shown.
    flag: { F: '停运', M: '维护', S: '手工输入', D: '故障', C: '校准', T: '超测上限', B: '通讯异常' },
    alarm: { overload: '超载', moment: '力矩超限', wind: '大风超限', collision: '防碰撞报警', limit: '限位报警' },
    operatorUnverified: '司机身份未核验', cameraOnline: '画面在线', cameraOffline: '画面离线',
    trend: '近 24 小时', noTrend: '近 24 小时无正常数据',
    legendDust: '大圆点：扬尘监测仪', legendZoom: '放大到街区（14 级）显示',
  },
}
