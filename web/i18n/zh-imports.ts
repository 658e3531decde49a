import { VOCABULARIES } from '../../server/domain/import-vocabulary.ts'
import { CRS_ZH, DEVICE_KIND_ZH, DEVICE_PROTOCOL_ZH, INSPECTION_ZH, KIND_ZH, PURPOSE_ZH, RECEPTOR_ZH, STAGE_ZH } from '../../server/domain/labels-zh.ts'

/** 简体中文 for importing the offices' files (系统管理 → 数据导入). */
export const zhImports = {
  imports: {
    layer: '导入图层',
    entity: { sites: '在建项目', grids: '网格边界', cameras: '视频监控点位', receptors: '敏感目标', inspections: '检查记录', districts: '行政区边界', devices: '现场设备' },
    file: '文件（CSV、XLSX、GeoJSON、Shapefile 压缩包）', encoding: '文本编码', crs: '坐标系',
    encodings: { auto: '自动识别', 'utf-8': 'UTF-8', gb18030: 'GBK / GB18030' },
    crsAuto: '自动识别', crsNames: CRS_ZH, swap: '交换经纬度列',
    preview: '重新预检（不写入）', commit: '确认导入', skipRejected: '跳过被拒绝的行，导入其余各行', uploading: '上传中…',
    phase: { read: '读取文件', check: '校验几何与位置', write: '写入数据库' },
    crsUsed: '使用坐标系：{{crs}}', crsGuess: '识别依据：{{reason}}', crsUncertain: '未能确定坐标系，请确认',
    swappedHint: '{{count}} 行的经纬度疑似颠倒，可勾选“交换经纬度列”后重新预检',
    totals: { rows: '总行数', create: '新增', update: '更新', skip: '已存在（跳过）', reject: '拒绝', warnings: '有警告' },
    headerRow: '表头在第 {{line}} 行', skippedTotals: '已略过合计行：第 {{lines}} 行',
    notJudged: '缺少必填列，尚未逐行校验：请先在列映射中为它们各选一列', truncated: '仅列出前 2,000 行（被拒绝与有警告的行优先）',
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
      camera_taken: '摄像头已绑定其他设备', end_before_start: '计划竣工日期早于开工日期',
    },
    blocked: {
      confirm: '还有 {{count}} 项匹配待确认（列映射、值映射中标黄的行），确认后才能导入', missing: '缺少必填列：{{targets}}',
      rejected: '有 {{count}} 行被拒绝：修正文件，或勾选“跳过被拒绝的行”', nothing: '没有要新增或更新的行',
    },
    columns: {
      title: '列映射', source: '文件中的列', samples: '示例值', target: '对应字段', via: '匹配方式', confidence: '置信度',
      ignore: '忽略此列', confirm: '确认', hidden: '隐藏列', required: '必填', missing: '没有列对应的必填字段：{{targets}}', takenBy: '（现为「{{column}}」）',
      viaName: { alias: '别名', similar: '相似', values: '按取值', template: '模板', user: '手工' },
    },
    values: {
      title: '值映射', hint: '文件中不是标准取值的内容，每个只列一次', field: '字段', value: '文件中的取值', rows: '行数', target: '对应取值',
      via: '依据', blank: '视为空值', choose: '请选择…', confirm: '确认',
      viaName: { synonym: '同义词', contains: '包含', template: '模板', user: '手工' },
    },
    templates: {
      applied: '已套用模板「{{name}}」', dontApply: '不套用', notApplied: '未套用导入模板', autoApply: '自动套用模板',
      save: '保存为导入模板', name: '模板名称', title: '导入模板 · {{entity}}', headers: '表头', updated: '更新于',
      none: '暂无：确认导入时勾选“保存为导入模板”，表头相同的文件下次自动套用', rename: '重命名', ok: '保存', cancel: '取消',
      delete: '删除', deleteConfirm: '删除导入模板「{{name}}」？',
    },
    target: {
      geometry: { lon: '经度', lat: '纬度', lonlat: '经纬度（同一单元格）', wkt: '几何（WKT）' },
      sites: {
        code: '项目编号', name: '项目名称', kind: '工程类型', stage: '施工阶段', address: '项目地址', floor_area_m2: '建筑面积（㎡）',
        contract_value_wan: '合同价（万元）', start_date: '开工日期', planned_end_date: '计划竣工日期', owner_org: '建设单位',
        contractor_org: '施工单位', supervisor_org: '监理单位', designer_org: '设计单位', surveyor_org: '勘察单位',
        contractor_credit: '施工单位信用等级', responsibility_docs_ok: '质量终身责任承诺书', safety_director: '安全总监', certificate_rate: '持证率',
      },
      grids: { code: '网格编号', name: '网格名称' },
      cameras: { code: '摄像头编号', site_code: '所属项目编号', purpose: '用途', heading_deg: '朝向（°）', fov_deg: '视场角（°）', range_m: '可视距离（m）', online: '在线状态' },
      receptors: { kind: '类型', name: '名称' },
      inspections: { site_code: '项目编号', inspected_at: '检查时间', kind: '检查类型', score: '得分', findings: '检查情况' },
      districts: { adcode: '行政区划代码', name: '名称' },
      devices: {
        code: '设备编号', kind: '设备类型', site_code: '所属项目编号', crane_code: '起重机备案号', camera_code: '摄像头编号',
        protocol: '通信协议', identity: '设备标识', interval_s: '上报间隔（秒）',
      },
    },
    codes: {
      sites: { kind: KIND_ZH, stage: STAGE_ZH, contractor_credit: VOCABULARIES.credit.labels },
      cameras: { purpose: PURPOSE_ZH }, receptors: { kind: RECEPTOR_ZH }, inspections: { kind: INSPECTION_ZH },
      devices: { kind: DEVICE_KIND_ZH, protocol: DEVICE_PROTOCOL_ZH },
    },
  },
}
