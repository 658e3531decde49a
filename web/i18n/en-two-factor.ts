import type { zhTwoFactor } from './zh-two-factor.ts'

export const enTwoFactor: typeof zhTwoFactor = {
  twoFactor: {
    title: 'Two-factor sign-in',
    codeLabel: 'Code (6 digits)', recoveryLabel: 'Recovery code', codeHint: 'Enter the 6-digit code your authenticator app shows',
    useRecovery: 'Use a recovery code', useCode: 'Use the app\'s code', back: 'Back',
    on: 'Two-factor sign-in is on', off: 'Two-factor sign-in is off', left: '{{count}} recovery codes left',
    start: 'Turn on two-factor sign-in',
    scan: '1. Scan the QR code with an authenticator app (Microsoft Authenticator, Google Authenticator, FreeOTP…)',
    manual: 'Cannot scan? Enter this key by hand:', qrAlt: 'Two-factor QR code',
    enterCode: '2. Enter the 6-digit code the app shows', confirm: 'Turn on',
    codesTitle: 'Recovery codes (shown this once)',
    codesWarn: 'If you lose your phone, sign in with a recovery code; each works once. Download or write them down and keep them safe: they cannot be shown again.',
    download: 'Download recovery codes', saved: 'I have saved them', codesFile: 'SiteGrid recovery codes',
    regenerate: 'New recovery codes', regenerateHint: 'The old ones stop working', disable: 'Turn off two-factor sign-in', password: 'Current password', codeOrRecovery: 'Code or recovery code',
    requiredTitle: 'Turn on two-factor sign-in first',
    requiredText: 'Administrators sign in with a password and a one-time code (MLPS 2.0 level 3). Turn it on to continue.',
    prompt: 'As an administrator you should sign in with two factors (password + one-time code), as MLPS 2.0 level 3 requires.', promptAction: 'Turn on now', later: 'Later',
    error: {
      totp_required: 'Enter the code', invalid_totp: 'Wrong or already used code: wait for the next one', invalid_credentials: 'Wrong password',
      totp_already_enabled: 'Two-factor sign-in is already on', totp_required_by_policy: 'Administrators cannot turn two-factor sign-in off', invalid_request: 'Check the format',
    },
  },
}
