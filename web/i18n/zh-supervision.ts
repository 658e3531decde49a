/** 简体中文 for signing in, the supervisor's zone, inspections, hazards and administration. */
export const zhSupervision = {
  nav: { map: '全市地图', zone: '我的网格', tasks: '今日任务', registry: '主体库', campaigns: '专项治理', complaints: '12345投诉', accountability: '督办问责', patrol: '巡查任务', planner: '扬尘管控规划', admin: '系统管理', signOut: '退出' },
  role: { admin: '系统管理员', city_command: '市指挥中心', planner: '扬尘办规划员', district_supervisor: '区监督站', grid_supervisor: '网格监督员', auditor: '安全审计员', patrol: '第三方巡查员' },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录',
    error: {
      invalid_credentials: '用户名或密码错误', account_locked: '连续登录失败次数过多，账户已临时锁定，请 15 分钟后再试',
      too_many_attempts: '登录尝试过于频繁，请稍后再试', invalid_request: '请填写用户名和密码', network: '无法连接服务器',
    },
  },
  myZone: {
    title: '今日任务', gridCount: '{{count}} 个网格', overdue: '超期隐患（{{count}}）', reinspections: '待复查（{{count}}）', keyMissing: '重点项目措施未落实（{{count}}）',
    pm10: '24 小时 PM10 超标（{{count}}）', sites: '网格内项目（按风险排序，{{count}}）', allClear: '无', daysOverdue: '超期 {{days}} 天',
    verify: '整改已提交，待复查：{{what}}', revisit: '{{grade}}项目，上次检查 {{since}}', never: '从未检查', open: '{{count}} 项隐患',
    pm10Detail: '最高 {{max}} µg/m³ · {{windows}} 个时段 · 最近 {{at}}',
    measure: { enclosure: '围挡', dust_net: '防尘网', spraying: '喷淋' },
  },
  escalation: { none: '', grid: '网格跟进', district: '已升级至区监督站', city: '已升级至市指挥中心' },
  inspect: {
    record: '记录检查', title: '记录检查', basics: '检查信息', kind: '检查类型', at: '检查时间（北京时间）', checklist: '扬尘防治“六个百分百”',
    check: { enclosure: '施工围挡', stockpile_cover: '物料堆放覆盖', road_hardening: '出入口及道路硬化', vehicle_washing: '出入车辆清洗',
      wet_operation: '土方湿法作业', closed_transport: '渣土车辆密闭运输' },
    sheet: '评分表（合计 {{score}} 分）',
    part: { safety_management: '安全管理', site_safety: '现场安全', dust_control: '扬尘防治', civilised_construction: '文明施工' },
    findings: '检查情况', evidence: '照片与位置', useLocation: '使用当前位置', locating: '正在定位…', noGeolocation: '此设备不支持定位',
    locationDenied: '未取得位置：{{reason}}', noLocation: '未记录位置', location: '位置 {{lon}}, {{lat}}（精度 ±{{m}} m）',
    hazards: '发现隐患（{{count}}）', hazardN: '隐患 {{n}}', severity: '等级', category: '类别', description: '描述', deadline: '整改期限',
    notice: '下发文书', noNotice: '不下发', addHazard: '添加隐患', removeHazard: '删除此隐患', save: '保存检查记录',
  },
  notice: { rectification: '整改通知书', stop_work_rectification: '停工整改通知书', penalty: '行政处罚决定书', supervision_letter: '督办函' },
  hazard: {
    basics: '隐患信息', site: '项目', description: '描述', found: '发现时间', deadline: '整改期限', status: '状态', steps: '闭环过程',
    notices: '文书', nextStep: '下一步', note: '说明', evidence: '整改证据', reject: '复查不通过，退回整改',
    to: { rectifying: '开始整改', submitted: '提交整改结果', closed: '复查通过，销号' },
  },
  photos: { add: '添加照片', uploading: '上传中…', remove: '移除照片', alt: '现场照片 {{id}}', tooLarge: '{{name}} 超过 5 MB' },
  admin: {
    tab: { users: '用户与网格', audit: '审计日志', signIns: '登录记录', auditExports: '审计导出', tokens: '大屏令牌', imports: '数据导入', devices: '设备' },
    at: '时间', who: '操作人', ip: '来源地址', action: '操作', entity: '对象', change: '变更内容', search: '搜索用户名或姓名', newUser: '新建用户',
    username: '用户名', name: '姓名', role: '角色', scope: '负责范围', state: '状态', city: '全市', active: '启用', inactive: '已停用',
    noPassword: '未设密码', district: '所属区', grids: '负责网格（网格编码，逗号分隔）', password: '初始密码', newPassword: '重置密码（留空不变）',
    save: '保存', unknownGrids: '未知网格编码：{{codes}}', tokenName: '大屏名称', createToken: '生成大屏链接', created: '创建时间',
    lastUsed: '最近使用', revoke: '吊销', revoked: '已吊销', onceOnly: '链接只显示这一次：', noEntries: '暂无记录',
  },
}
