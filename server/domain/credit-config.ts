/*
 * The credit model's table (信用评价计分标准): the one place to tune it (documented in the README), served
 * read-only at GET /api/credit/model like the risk model.
 *
 * What we followed: the shape shared by the published municipal and provincial rules for the construction market
 * (江苏省建筑业企业信用综合评价办法, 苏州市建筑市场信用评价 and its neighbours' 建筑市场信用评价管理办法):
 * a base score of 100 (基本分), deductions for 不良行为 found by supervision (hazards by severity, notices, 行政处罚,
 * accidents by grade, each item with a per-unit deduction and a cap), bonuses for 良好行为 (优质工程 and 文明工地
 * awards by level, capped at 20 so a firm can reach at most 120), a rolling 12-month evaluation period, and five
 * grades AAA/AA/A/B/C.
 * What we chose (the published tables differ from city to city, and score many items we have no record of):
 * - the per-unit points and caps below, and the thresholds: a firm with a clean record scores 100, which is AA;
 *   AAA needs good behaviour on top (an award), as in the rules that reserve AAA for 良好行为;
 * - who is charged: a site's findings fall on its 施工单位 in full and on its 监理单位 at a lower rate (监理 failed to
 *   stop them); crane findings fall on the crane's 产权单位 and 安装单位; an expired certificate on an active site
 *   falls on the person's employer; 能力验证 and 飞行检查 fall on the testing institution itself.
 */

/** The capacity in which a firm answers for a record. */
export const CREDIT_ROLES = ['contractor', 'supervisor', 'crane_owner', 'crane_installer', 'testing', 'employer', 'awardee'] as const
export type CreditRole = (typeof CREDIT_ROLES)[number]

export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const
export type CreditGrade = (typeof CREDIT_GRADES)[number]

/** Points per unit of the record, up to `cap` per evaluation period. */
export interface CreditWeight { points: number; cap: number }
/** A factor's weight for each role it is charged to; a role not listed is not charged. */
export type CreditCharges = Partial<Record<CreditRole, CreditWeight>>

export interface CreditConfig {
  base: number
  /** Months of records each snapshot counts (滚动评价期). */
  periodMonths: number
  deductions: {
    generalHazards: CreditCharges       // 一般隐患 found on its sites
    majorHazards: CreditCharges         // 重大隐患 found on its sites
    overdueHazards: CreditCharges       // hazards not closed by their deadline (逾期未整改)
    rectificationNotices: CreditCharges // 整改通知书
    stopWorkNotices: CreditCharges      // 停工整改通知书
    penalties: CreditCharges            // 行政处罚决定书
    generalAccidents: CreditCharges     // 一般事故
    largerAccidents: CreditCharges      // 较大事故
    majorAccidents: CreditCharges       // 重大 and 特别重大事故
    expiredCertificates: CreditCharges  // its people working on active sites with an expired certificate
    nonConformingTests: CreditCharges   // 不合格检测报告 on its sites
    foundedComplaints: CreditCharges    // complaints (12345 …) about its sites found founded (属实)
    accidentPenalties: CreditCharges    // penalties decided against it for an accident (一案双查; 顶格处罚 counts twice)
    craneHazards: CreditCharges         // hazards the system raised on its cranes
    capabilityQuestionable: CreditCharges // 能力验证 可疑
    capabilityUnsatisfactory: CreditCharges // 能力验证 不满意
    flightCheckRectify: CreditCharges   // 飞行检查 责令整改
    flightCheckFail: CreditCharges      // 飞行检查 不合格
  }
  bonuses: {
    nationalAwards: CreditCharges       // 鲁班奖, 国家优质工程奖
    provincialAwards: CreditCharges     // 扬子杯, 省级文明工地
    municipalAwards: CreditCharges      // 姑苏杯, 市级文明工地
  }
  /** All bonuses together are capped here: the score is at most base + bonusCap. */
  bonusCap: number
  /** Lowest score of each grade above C. */
  grades: { AAA: number; AA: number; A: number; B: number }
}

export type CreditDeduction = keyof CreditConfig['deductions']
export type CreditBonus = keyof CreditConfig['bonuses']
export type CreditFactor = CreditDeduction | CreditBonus

export const DEFAULT_CREDIT_CONFIG: CreditConfig = {
  base: 100,
  periodMonths: 12,
  deductions: {
    generalHazards: { contractor: { points: 0.5, cap: 10 }, supervisor: { points: 0.2, cap: 4 } },
    majorHazards: { contractor: { points: 3, cap: 15 }, supervisor: { points: 1, cap: 6 } },
    overdueHazards: { contractor: { points: 1, cap: 10 }, supervisor: { points: 0.5, cap: 5 } },
    rectificationNotices: { contractor: { points: 1, cap: 6 }, supervisor: { points: 0.5, cap: 3 } },
    stopWorkNotices: { contractor: { points: 4, cap: 12 }, supervisor: { points: 2, cap: 6 } },
    penalties: { contractor: { points: 6, cap: 18 }, supervisor: { points: 3, cap: 9 } },
    generalAccidents: { contractor: { points: 10, cap: 20 }, supervisor: { points: 5, cap: 10 } },
    largerAccidents: { contractor: { points: 30, cap: 40 }, supervisor: { points: 15, cap: 20 } },
    majorAccidents: { contractor: { points: 50, cap: 60 }, supervisor: { points: 25, cap: 30 } },
    expiredCertificates: { employer: { points: 1, cap: 6 } },
    nonConformingTests: { contractor: { points: 2, cap: 10 } },
    foundedComplaints: { contractor: { points: 1, cap: 6 }, supervisor: { points: 0.5, cap: 3 } },
    accidentPenalties: { contractor: { points: 5, cap: 15 }, supervisor: { points: 3, cap: 9 } },
    craneHazards: { crane_owner: { points: 2, cap: 10 }, crane_installer: { points: 2, cap: 10 } },
    capabilityQuestionable: { testing: { points: 2, cap: 6 } },
    capabilityUnsatisfactory: { testing: { points: 5, cap: 15 } },
    flightCheckRectify: { testing: { points: 3, cap: 9 } },
    flightCheckFail: { testing: { points: 10, cap: 20 } },
  },
  bonuses: {
    nationalAwards: { awardee: { points: 10, cap: 20 } },
    provincialAwards: { awardee: { points: 5, cap: 10 } },
    municipalAwards: { awardee: { points: 2, cap: 6 } },
  },
  bonusCap: 20,
  grades: { AAA: 105, AA: 90, A: 75, B: 60 },
}
