/** 简体中文 for 账号与安全 (password, sessions, sign-in history) and the security auditor's screen. */
export const zhAccount = {
  account: {
    nav: '账号与安全', title: '账号与安全', auditNav: '安全审计',
    password: {
      title: '修改密码', current: '当前密码', new: '新密码', confirm: '再次输入新密码', submit: '修改密码', mismatch: '两次输入的新密码不一致',
      rule: '至少 12 位，包含大写字母、小写字母、数字、符号中的至少三类，不含用户名，不能是常见密码',
      done: '密码已修改，所有会话均已结束，请用新密码重新登录。', wrongCurrent: '当前密码错误',
      expiredTitle: '密码已过期', expiredText: '根据密码有效期规定，请先修改密码再继续使用。',
      refused: '新密码不符合要求：',
      reason: {
        too_short: '长度不足 12 位', too_few_classes: '须包含大写字母、小写字母、数字、符号中的至少三类', contains_username: '不能包含用户名',
        common: '是常见密码，或由常见密码加数字、符号组成', same_as_current: '不能与当前密码相同',
      },
    },
    sessions: {
      title: '登录会话', hint: '不认识的会话请立即结束，并修改密码。', created: '登录时间', lastSeen: '最近活动', expires: '到期时间', ip: '来源地址',
      userAgent: '浏览器 / 客户端', current: '当前会话', end: '结束会话', endOthers: '结束其他所有会话', endAll: '结束全部会话', none: '没有活动会话',
    },
    signIns: {
      title: '登录记录', mine: '最近的登录记录', at: '时间', username: '用户名', ip: '来源地址', userAgent: '浏览器 / 客户端', result: '结果',
      success: '成功', failure: '失败', allResults: '全部结果', filterUser: '按用户名筛选', more: '加载更早的记录', none: '暂无记录',
    },
  },
}
