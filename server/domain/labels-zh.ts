/*
 * The Chinese names of the site vocabulary, shared by the web app's zh-CN translation and the server's exports,
 * so that a downloaded file says exactly what the screen said.
 */
export const KIND_ZH = { housing: '房屋建筑', municipal: '市政', rail_transit: '轨道交通', small_temporary: '小型临时工程' }
export const STAGE_ZH = { earthworks: '土方/基础', main_structure: '主体结构', finishing: '装饰装修', completed: '已竣工' }
export const PURPOSE_ZH = { site_video: '工地视频', crane_monitor: '塔吊监控' }
export const RECEPTOR_ZH = { school: '学校', kindergarten: '幼儿园', hospital: '医院', elderly_home: '养老院' }
export const INSPECTION_ZH = {
  routine: '日常巡查', comprehensive: '综合检查', unannounced: '双随机抽查', dust_open: '扬尘明查', dust_covert: '扬尘暗访',
  crane_special: '起重机械专项', testing_institution: '检测机构检查',
  hazardous_chemicals: '危化品专项', scaffold: '盘扣专项', holiday: '节假日检查', small_works: '小型临时工程检查',
}
export const GRADE_ZH = { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' }
/** The coordinate systems an import may be in (server/domain/import-crs.ts). */
export const CRS_ZH = {
  wgs84: 'WGS-84（GPS）', cgcs2000: 'CGCS2000 经纬度', gcj02: 'GCJ-02（高德/腾讯）', bd09: 'BD-09（百度）', cgcs2000_gk120: 'CGCS2000 高斯投影 3° 带 120°E（EPSG:4549）',
}
/** Field devices (server/domain/device-readings.ts): what the device screen shows and a device import reads. */
export const DEVICE_KIND_ZH = { dust_monitor: '扬尘监测仪', crane_monitor: '塔机安全监控', camera: '视频监控设备' }
export const DEVICE_PROTOCOL_ZH = { hj212: 'HJ 212', mqtt: 'MQTT', http: 'HTTP' }
export const DEVICE_STATUS_ZH = { active: '运行', maintenance: '维护中', decommissioned: '已停用' }
