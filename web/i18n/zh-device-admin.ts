import { DEVICE_PROTOCOL_ZH, DEVICE_STATUS_ZH } from '../../server/domain/labels-zh.ts'

/** 简体中文 for the device registry (系统管理 → 设备): devices, their secrets, and the vendor platforms' keys. */
export const zhDeviceAdmin = {
  deviceAdmin: {
    search: '搜索设备编号、标识或项目名称', allKinds: '全部类型', allStatuses: '全部状态', register: '登记设备',
    total: '共 {{count}} 台', prev: '上一页', next: '下一页',
    code: '设备编号', kind: '设备类型', site: '所属项目', identity: '设备标识', protocol: '协议', health: '状态',
    lastSeen: '最后上报（北京时间）', lastValues: '最新数据', interval: '上报间隔（秒）', status: '运行状态',
    protocols: DEVICE_PROTOCOL_ZH, statuses: DEVICE_STATUS_ZH,
    identityHint: '扬尘监测仪填 HJ 212 数采仪 MN；塔机与视频设备填厂商平台的设备 ID',
    siteSearch: '输入项目名称或编号', crane: '绑定起重机', camera: '绑定摄像头', choose: '请选择', noCrane: '该项目无起重机', noCamera: '该项目无摄像头',
    save: '保存', close: '关闭', saved: '已保存',
    secretTitle: '设备密钥', secretWarning: '密钥只显示这一次，关闭后无法再次查看：请立即配置到设备（HJ 212 的 PW 或 MQTT 密码）并妥善保存。遗失只能重新生成。',
    copy: '复制', copied: '已复制', dismiss: '我已保存，关闭',
    rotate: '重新生成密钥', rotateConfirm: '确定为 {{code}} 重新生成密钥？旧密钥立即失效，设备在更新配置前的数据将被拒收。',
    platforms: '厂商数据平台', platformsHint: '厂商平台以密钥调用 POST /api/ingest/{kind} 批量推送塔机与视频设备数据。',
    platformName: '平台名称', createPlatform: '新建平台密钥', created: '创建时间', revoke: '吊销', revoked: '已吊销（{{at}}）',
    revokeConfirm: '确定吊销 {{name}} 的密钥？该平台将无法再推送数据。', keyTitle: '平台密钥',
    keyWarning: '平台密钥只显示这一次，关闭后无法再次查看：请立即交给厂商配置并妥善保存。遗失只能吊销后重新创建。',
    importedSecrets: '已导入 {{count}} 台设备并生成密钥。密钥只在此次提供，请立即下载并妥善保存；离开本页后无法再次获取。',
    downloadSecrets: '下载设备密钥（CSV）', secretsFile: '设备密钥', secretColumns: { code: '设备编号', identity: '设备标识', secret: '密钥' },
  },
}
