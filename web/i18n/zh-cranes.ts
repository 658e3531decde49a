/** 简体中文 for the registry's cranes tab (建筑起重机械全生命周期), the enterprise page's machines and the site panel's cranes. */
export const zhCranes = {
  cranes: {
    back: '返回起重机械列表',
    search: '按产权备案编号或使用登记编号搜索',
    anyStage: '全部状态',
    total: '共 {{count}} 台',
    stage: {
      install_notified: '已安装告知', inspected: '已检验', in_use: '使用中', dismantle_notified: '已拆卸告知', dismantled: '已拆卸',
      yard: '停放（无在装工地）', scrapped: '已报废',
    },
    step: {
      filing: '产权备案', install_notice: '安装告知', inspection: '检验', use_registration: '使用登记', maintenance: '维保',
      dismantle_notice: '拆卸告知', dismantled: '拆卸完成',
    },
    flag: {
      inspection_invalid_in_use: '检验过期或不合格仍在使用', inspection_due_soon: '检验即将到期', maintenance_overdue: '维保逾期',
    },
    col: {
      recordNo: '产权备案编号', kind: '类型', stage: '状态', site: '所在工地', owner: '产权单位', inspection: '检验有效期至',
      registrationNo: '使用登记编号', installer: '安装单位', installedOn: '安装告知日', dismantledOn: '拆卸日', devices: '安全监控设备',
    },
    maker: '制造商', model: '型号', madeYear: '出厂年份', filedOn: '备案日期', scrappedOn: '报废日期',
    installations: '安装记录（跨工地）',
    timeline: '全生命周期记录',
    passed: '合格', failed: '不合格', validUntil: '有效期至 {{date}}', recordedBy: '{{who}} 录入',
    openAlarms: '未关闭报警 {{count}}',
    form: {
      title: '录入下一步', noStep: '该设备当前没有可录入的步骤', step: '步骤', date: '日期', siteId: '工地编号 (ID)',
      firm: { install_notice: '安装单位', inspection: '检验机构', use_registration: '办理单位（产权/使用单位）', maintenance: '维保单位', dismantle_notice: '拆卸单位', dismantled: '拆卸单位' },
      chooseFirm: '请选择单位', people: '作业人员', result: '检验结论', expiresOn: '检验有效期至', documentNo: '文书编号', registrationNo: '使用登记编号',
      note: '备注', submit: '录入', saved: '已录入：{{step}}',
    },
    file: {
      title: '产权备案（新增设备）', chooseOwner: '请选择产权单位', submit: '备案',
    },
    refusal: {
      already_filed: '该设备已备案', not_filed: '设备尚未备案', scrapped: '设备已报废，不能再录入', date_in_future: '日期不能晚于今天',
      date_before_last_step: '日期早于该设备上一步的日期', date_before_filing: '日期早于备案日期',
      already_installed: '该设备已在另一工地安装，须先拆卸', not_installed: '该设备当前未安装在任何工地', wrong_stage: '当前状态下不能进行这一步（不能跳步）',
      enterprise_required: '须选择单位', site_required: '须指定工地', result_required: '须填写检验结论', expiry_required: '合格的检验须有有效期',
      expiry_not_after_inspection: '有效期须晚于检验日期', no_passed_inspection: '没有合格的检验，不能办理使用登记', inspection_expired: '检验已过期，不能办理使用登记',
      registration_no_required: '须填写使用登记编号',
    },
    enterprise: { title: '起重机械' },
  },
}
