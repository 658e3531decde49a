import type { zhAccount } from './zh-account.ts'

/** English for Account & security and the security auditor's screen; the same keys as zh-account.ts. */
export const enAccount: typeof zhAccount = {
  account: {
    nav: 'Account & security', title: 'Account & security', auditNav: 'Security audit',
    password: {
      title: 'Change password', current: 'Current password', new: 'New password', confirm: 'New password again', submit: 'Change password',
      mismatch: 'The two new passwords differ',
      rule: 'At least 12 characters, with three of: lower case, upper case, digits, symbols; not containing the username; not a common password',
      done: 'Password changed. All your sessions have ended: sign in again with the new password.', wrongCurrent: 'The current password is wrong',
      expiredTitle: 'Password expired', expiredText: 'Your password has reached its maximum age: change it to go on.',
      refused: 'The new password is refused:',
      reason: {
        too_short: 'shorter than 12 characters', too_few_classes: 'needs three of: lower case, upper case, digits, symbols',
        contains_username: 'contains the username', common: 'is a common password, or one with digits or symbols added',
        same_as_current: 'is the current password',
      },
    },
    sessions: {
      title: 'Sessions', hint: 'End any session you do not recognise, and change your password.', created: 'Signed in', lastSeen: 'Last active',
      expires: 'Expires', ip: 'Address', userAgent: 'Browser / client', current: 'This session', end: 'End session', endOthers: 'End all other sessions',
      endAll: 'End all sessions', none: 'No active session',
    },
    signIns: {
      title: 'Sign-ins', mine: 'Recent sign-ins', at: 'Time', username: 'Username', ip: 'Address', userAgent: 'Browser / client', result: 'Result',
      success: 'Success', failure: 'Failure', allResults: 'All results', filterUser: 'Filter by username', more: 'Load older', none: 'No entries',
    },
  },
}
