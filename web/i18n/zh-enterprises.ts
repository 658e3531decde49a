import { ENTERPRISE_KIND_ZH } from '../../server/domain/enterprise.ts'

/** 简体中文 for the registry's enterprises tab (企业库). */
export const zhEnterprises = {
  enterprises: {
    search: '企业名称或统一社会信用代码', allKinds: '全部类型', allOrigins: '本地与外地', total: '共 {{count}} 家',
    kind: ENTERPRISE_KIND_ZH, origin: { local: '本地', out_of_province: '外地进苏' },
    col: { name: '企业名称', creditCode: '统一社会信用代码', kinds: '类型', origin: '属地', credit: '信用', activeSites: '在建项目' },
    prev: '上一页', next: '下一页', back: '← 企业库', unrated: '未评价', unmatchedTag: '（未匹配企业库）',
    fields: {
      title: '基本信息', registeredPlace: '注册地', enteredOn: '进苏日期', legalRepresentative: '法定代表人', contact: '联系人',
      address: '地址', credit: '最新信用',
    },
    qualifications: {
      title: '资质', category: '资质类别', grade: '等级', certificateNo: '证书编号', validUntil: '有效期至', none: '暂无资质',
      status: { valid: '有效', expiring: '即将到期', expired: '已过期' }, add: '添加资质', remove: '删除',
    },
    sites: { title: '参建项目（{{count}}）', role: '角色', stage: '阶段', none: '在您的辖区内暂无项目' },
    record: {
      title: '监管记录', hazards: '隐患（{{count}}）', notices: '通知书（{{count}}）', accidents: '事故（{{count}}）',
      inspections: '企业检查（{{count}}）', none: '无', inspectionKind: { flight_check: '飞行检查', qualification_review: '资质核查' },
      outcome: { pass: '合格', rectify: '限期整改', fail: '不合格' },
    },
    form: {
      create: '新增企业', edit: '编辑', save: '保存', cancel: '取消', creditCode: '统一社会信用代码', name: '企业名称', kinds: '企业类型',
      origin: '属地', registeredPlace: '注册地', enteredOn: '进苏日期', legalRepresentative: '法定代表人', contactName: '联系人',
      contactPhone: '联系电话', address: '地址', checkChar: '校验码应为「{{expected}}」', badLength: '应为 18 位（现为 {{length}} 位）',
      badChar: '第 {{position}} 位「{{char}}」不合规', saved: '已保存',
    },
    unmatched: {
      title: '未匹配的单位名称', hint: '项目上登记的单位名称在企业库中找不到：选择对应企业，所有登记该名称的项目一并关联。',
      name: '登记名称', roles: '角色', sites: '项目数', match: '对应企业', choose: '请选择…', resolve: '关联', none: '没有未匹配的名称',
      resolved: '已关联 {{count}} 个项目',
    },
  },
}
