import { readEnum } from './import-cells.ts'
import { DEVICE_KIND_ZH, DEVICE_PROTOCOL_ZH, INSPECTION_ZH, KIND_ZH, PURPOSE_ZH, RECEPTOR_ZH, STAGE_ZH } from './labels-zh.ts'

/*
 * What offices write for the codes an import takes, beyond the codes and labels themselves: 基础施工 for 土方/基础,
 * 地铁 for 轨道交通, 卫生院 for 医院. The importer only ever suggests from here; the user confirms each suggestion.
 */

export interface Vocabulary<T extends string = string> { labels: Record<T, string>; synonyms: Partial<Record<T, string[]>> }

const vocabulary = <T extends string>(labels: Record<T, string>, synonyms: Partial<Record<T, string[]>>): Vocabulary<T> => ({ labels, synonyms })

export const VOCABULARIES = {
  site_kind: vocabulary(KIND_ZH, {
    housing: ['房建', '住宅', '房屋建筑工程', '民用建筑', '公共建筑', '工业厂房'],
    municipal: ['市政工程', '道路', '桥梁', '给排水', '管网工程'],
    rail_transit: ['地铁', '轨交', '城市轨道交通', '城轨', '有轨电车'],
    small_temporary: ['小型工程', '临时工程', '临建', '零星工程', '小散工程'],
  }),
  site_stage: vocabulary(STAGE_ZH, {
    earthworks: ['基础施工', '桩基施工', '基坑开挖', '地下室施工', '土方开挖', '土石方', '地基基础', '桩基', '基坑'],
    main_structure: ['主体施工', '主体结构施工中', '结构施工', '主体'],
    finishing: ['装饰装修阶段', '装修', '机电安装', '收尾', '装饰', '幕墙施工', '室外配套'],
    completed: ['竣工验收', '已完工', '完工', '竣工', '竣工备案', '交付使用'],
  }),
  camera_purpose: vocabulary(PURPOSE_ZH, {
    site_video: ['视频监控', '工地监控', '现场视频', '全景监控', '工地摄像头'],
    crane_monitor: ['塔吊', '塔机监控', '吊钩可视化'],
  }),
  receptor_kind: vocabulary(RECEPTOR_ZH, {
    school: ['小学', '中学', '初中', '高中', '中小学', '九年一贯制学校', '职业学校', '高校'],
    kindergarten: ['托儿所', '幼托', '托育机构'],
    hospital: ['卫生院', '社区卫生服务中心', '卫生服务中心', '门诊部', '妇幼保健院'],
    elderly_home: ['敬老院', '福利院', '养老中心', '老年公寓', '护理院'],
  }),
  inspection_kind: vocabulary(INSPECTION_ZH, {
    routine: ['日常检查', '日常监督', '巡查'],
    comprehensive: ['综合', '全面检查'],
    unannounced: ['双随机', '随机抽查'],
    dust_covert: ['扬尘暗查', '暗访', '暗查'],
    crane_special: ['起重机械检查', '塔吊专项检查'],
    testing_institution: ['检测机构'],
  }),
  device_kind: vocabulary(DEVICE_KIND_ZH, {
    dust_monitor: ['扬尘监测', '扬尘在线监测', '颗粒物监测仪', '环境监测仪'],
    crane_monitor: ['塔吊监控', '塔机监控', '塔吊黑匣子', '塔机黑匣子', '塔吊安全监控'],
    camera: ['摄像头', '摄像机', '视频监控', '球机', '枪机'],
  }),
  device_protocol: vocabulary(DEVICE_PROTOCOL_ZH, {
    hj212: ['HJ212-2017', 'HJ/T 212', '212协议', '国标212'],
    http: ['REST', 'Web API'],
  }),
}

export type ValueVia = 'synonym' | 'contains'

// Case, width and spaces are typing, not meaning.
const plain = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
// 未完工 contains 完工 and means the opposite: a negated value is never matched by what it contains.
const NEGATED = /^(未|非|不|无|尚未|暂未)/

/** A known code or label (what readEnum accepts): no suggestion needed. */
export function isKnownValue(vocabulary: Vocabulary, raw: string): boolean {
  const read = readEnum(raw, vocabulary.labels)
  return 'value' in read && read.value !== null
}

/**
 * The code an office's odd value most likely means, or null. Curated synonyms first, then the label's words
 * contained in the value or vice versa (装饰装修阶段 ⊃ 装饰装修; 基础施工 ⊃ 基础 of 土方/基础). The longest word
 * in common wins; two codes with an equally long one leave the value to the user.
 */
export function suggestValue<T extends string>(vocabulary: Vocabulary<T>, raw: string): { code: T; via: ValueVia } | null {
  const value = plain(raw)
  if (value.length === 0) return null
  const codes = Object.keys(vocabulary.labels) as T[]
  const synonym = codes.find((code) => (vocabulary.synonyms[code] ?? []).some((s) => plain(s) === value))
  if (synonym) return { code: synonym, via: 'synonym' }
  if (NEGATED.test(value)) return null
  const scored = codes.map((code) => ({ code, length: overlap(value, vocabulary.labels[code], vocabulary.synonyms[code] ?? []) }))
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length)
  return scored.length > 0 && scored[1]?.length !== scored[0].length ? { code: scored[0].code, via: 'contains' } : null
}

/** How long a word the value shares with a code: a label word or synonym inside the value, or the value inside a label word. */
function overlap(value: string, label: string, synonyms: string[]): number {
  // A one-character word is in too many values to say anything.
  const labelWords = [label, ...label.split('/')].map(plain).filter((w) => w.length >= 2)
  const contained = [...labelWords, ...synonyms.map(plain)].filter((w) => w.length >= 2 && value.includes(w)).map((w) => w.length)
  // The value inside a label word only when it is at least half of it: 主体 ⊂ 主体结构, but not 工程 ⊂ 小型临时工程.
  const inside = value.length >= 2 && labelWords.some((w) => w.includes(value) && value.length * 2 >= w.length) ? value.length : 0
  return Math.max(inside, ...contained)
}
