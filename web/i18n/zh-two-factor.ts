/** 简体中文 for two-factor sign-in (TOTP): the code at sign-in, enrolment, recovery codes, the administrators' prompt. */
export const zhTwoFactor = {
  twoFactor: {
    title: '双因素认证',
    codeLabel: '动态验证码（6 位）', recoveryLabel: '恢复码', codeHint: '请输入身份验证器 App 中显示的 6 位验证码',
    useRecovery: '改用恢复码', useCode: '改用动态验证码', back: '返回',
    on: '已启用双因素认证', off: '未启用双因素认证', left: '剩余恢复码 {{count}} 个',
    start: '启用双因素认证',
    scan: '1. 用身份验证器 App（如 Microsoft Authenticator、Google 身份验证器、FreeOTP）扫描二维码',
    manual: '无法扫描时，手动输入密钥：', qrAlt: '双因素认证二维码',
    enterCode: '2. 输入 App 显示的 6 位验证码', confirm: '确认启用',
    codesTitle: '恢复码（仅显示这一次）',
    codesWarn: '手机丢失时可用恢复码登录，每个只能用一次。请下载或抄写并妥善保管，关闭后无法再次查看。',
    download: '下载恢复码', saved: '我已保存恢复码', codesFile: 'SiteGrid 恢复码',
    regenerate: '重新生成恢复码', regenerateHint: '旧恢复码将全部失效', disable: '停用双因素认证', password: '当前密码', codeOrRecovery: '验证码或恢复码',
    requiredTitle: '请先启用双因素认证',
    requiredText: '按照等保 2.0 三级要求，系统管理员须使用“密码 + 动态验证码”登录。启用后即可进入系统。',
    prompt: '您是系统管理员，按等保 2.0 三级要求应启用双因素认证（密码 + 动态验证码）。', promptAction: '立即启用', later: '稍后',
    error: {
      totp_required: '请输入动态验证码', invalid_totp: '验证码错误或已使用过，请等待下一个验证码', invalid_credentials: '密码错误',
      totp_already_enabled: '已启用双因素认证', totp_required_by_policy: '系统管理员不能停用双因素认证', invalid_request: '请按格式输入',
    },
  },
}
