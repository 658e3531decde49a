import { CRS_ZH } from '../../server/domain/labels-zh.ts'

/** 简体中文 for importing the offices' files (系统管理 → 数据导入). */
export const zhImports = {
  imports: {
    layer: '导入图层',
    entity: { sites: '在建项目', grids: '网格边界', cameras: '视频监控点位', receptors: '敏感目标', inspections: '检查记录', districts: '行政区边界', devices: '现场设备' },
    file: '文件（CSV、XLSX、GeoJSON、Shapefile 压缩包）', encoding: '文本编码', crs: '坐标系',
    encodings: { auto: '自动识别', 'utf-8': 'UTF-8', gb18030: 'GBK / GB18030' },
    crsAuto: '自动识别', crsNames: CRS_ZH, swap: '交换经纬度列',
    preview: '预检（不写入）', commit: '确认导入', skipRejected: '跳过被拒绝的行，导入其余各行', uploading: '上传中…',
    phase: { read: '读取文件', check: '校验几何与位置', write: '写入数据库' },
    crsUsed: '使用坐标系：{{crs}}', crsGuess: '识别依据：{{reason}}', crsUncertain: '未能确定坐标系，请确认',
    swappedHint: '{{count}} 行的经纬度疑似颠倒，可勾选“交换经纬度列”后重新预检',
    totals: { rows: '总行数', create: '新增', update: '更新', skip: '已存在（跳过）', reject: '拒绝', warnings: '有警告' },
    mapped: '已识别列：{{columns}}', ignored: '未使用的列：{{columns}}', truncated: '仅列出前 2,000 行（被拒绝与有警告的行优先）',
    done: '导入完成：新增 {{create}} 行，更新 {{update}} 行', line: '行号', key: '编号', action: '处理', issues: '原因 / 警告',
    actionName: { create: '新增', update: '更新', skip: '跳过', reject: '拒绝' },
    issue: {
      malformed_row: '行格式错误', formula: '含公式单元格（请粘贴为数值）', invalid_number: '不是有效数字', out_of_range: '数值超出范围',
      invalid_date: '日期无效', unknown_value: '未知取值', too_long: '内容过长', invalid_boolean: '应为“是/否”', required: '缺少必填项',
      not_a_number: '坐标不是数字', swapped_lon_lat: '经纬度疑似颠倒', outside_city: '位置不在苏州市范围内', empty_geometry: '缺少坐标或几何',
      invalid_wkt: 'WKT 格式错误', wrong_geometry_type: '几何类型不符', degenerate_polygon: '多边形退化（点数不足）',
      invalid_polygon: '多边形无效且无法修复', repaired_polygon: '多边形自相交，已自动修复', ring_closed: '多边形未闭合，已自动闭合',
      rewound: '环方向错误，已自动纠正', duplicate_in_file: '文件内编号重复', unknown_site: '项目编号不存在', unknown_district: '行政区划代码不存在',
      no_township: '边界不在任何镇街内', invalid_identifier: '只能包含英文字母、数字和 _ . : -（编号 3–64 位）',
      protocol_mismatch: '协议与设备类型不符（扬尘监测仪用 HJ 212，塔机与视频设备用 MQTT 或 HTTP）', identity_taken: '设备标识已被其他设备使用',
      crane_required: '塔机安全监控须填写起重机备案号', crane_not_allowed: '只有塔机安全监控绑定起重机', unknown_crane: '起重机备案号不存在',
      crane_not_on_site: '起重机不在该项目上', crane_taken: '起重机已绑定其他设备', camera_required: '视频监控设备须填写摄像头编号',
      camera_not_allowed: '只有视频监控设备绑定摄像头', unknown_camera: '摄像头编号不存在', camera_not_on_site: '摄像头不在该项目上',
      camera_taken: '摄像头已绑定其他设备',
    },
  },
}
