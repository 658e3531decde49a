import type { Rng } from './random.ts'

/* Plausible, fictional Chinese names. Company names are assembled from neutral characters so that
   no real firm is named; places reuse the real township and road names of the city. */

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙史陶贺顾毛郝龚邵万钱严'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国斌波宇浩凯晨宁俊峰雪琳欣怡晓东海燕亮志文彬健飞鑫'
const FIRM_CHARS = '恒泰华誉宏鼎晟嘉润和信达远联安通汇盛隆中金裕瑞德博广源正昌兴铭启锦'
const ROADS = ['人民路', '干将路', '三香路', '金鸡湖大道', '星湖街', '现代大道', '苏州大道', '旺墩路', '长江路', '狮山路',
  '塔园路', '东环路', '西环路', '南环路', '北环路', '太湖大道', '吴中大道', '友新路', '澄阳路', '阳澄湖大道', '中山路',
  '长安路', '前进路', '朝阳路', '黄河路', '珠江路', '青阳路', '东方大道', '娄江大道', '高铁大道', '华元路', '金庭路']
const ESTATES = ['锦园', '悦府', '华庭', '雅苑', '御湖', '天境', '澜岸', '嘉苑', '栖园', '云庐', '和府', '璟庭', '滨江府', '学府']
const HOUSING = ['住宅项目', '商品住宅项目', '人才公寓项目', '安置房项目', '商业综合体项目', '产业园厂房项目',
  '中学新建工程', '小学新建工程', '医院扩建工程', '科创中心项目', '保障性租赁住房项目', '办公楼项目']
const MUNICIPAL = ['道路改造工程', '综合管廊工程', '快速路高架工程', '桥梁新建工程', '雨污分流改造工程', '河道整治工程',
  '隧道工程', '污水处理厂提标改造工程', '绿道建设工程', '道路拓宽工程']
const SMALL = ['小区加装电梯工程', '管线迁改临时工程', '零星维修工程', '老旧小区改造工程', '围墙及门卫室工程',
  '临时便道工程', '店招店牌整治工程']
const PHASES = ['', '', '', '一期', '二期', '三期', '（A地块）', '（B地块）']

export function personName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN])
  return rng.pick([...SURNAMES]) + given
}

export function roadName(rng: Rng): string {
  return rng.pick(ROADS)
}

function firmCore(rng: Rng): string {
  const a = rng.pick([...FIRM_CHARS])
  let b = rng.pick([...FIRM_CHARS])
  while (b === a) b = rng.pick([...FIRM_CHARS])
  return a + b
}

export type FirmRole = 'owner' | 'surveyor' | 'designer' | 'contractor' | 'supervisor' | 'crane_rental' | 'crane_installer' | 'crane_maintainer' | 'testing'

const FIRM_SUFFIX: Record<FirmRole, readonly string[]> = {
  owner: ['置业有限公司', '房地产开发有限公司', '城市建设投资发展有限公司', '实业有限公司'],
  surveyor: ['岩土工程勘察有限公司', '勘察测绘院有限公司'],
  designer: ['建筑设计研究院有限公司', '工程设计有限公司'],
  contractor: ['建设集团有限公司', '建筑工程有限公司', '建工集团有限公司', '市政工程有限公司'],
  supervisor: ['工程监理有限公司', '工程咨询有限公司', '建设管理有限公司'],
  crane_rental: ['机械设备租赁有限公司', '起重设备安装有限公司'],
  crane_installer: ['起重设备安装工程有限公司', '机械吊装有限公司'],
  crane_maintainer: ['机械设备维修有限公司', '起重机械维保有限公司'],
  testing: ['建设工程质量检测有限公司', '建筑工程检测中心有限公司', '工程质量检测研究院有限公司'],
}

export function firmName(rng: Rng, role: FirmRole, place: string): string {
  const prefix = rng.weighted([[place, 3], ['苏州', 4], ['江苏', 3]] as const)
  return prefix + firmCore(rng) + rng.pick(FIRM_SUFFIX[role])
}

/** A firm registered outside Jiangsu (外地进苏): its name starts with its home province or city. */
export function outsideFirmName(rng: Rng, role: FirmRole, home: string): string {
  return home + firmCore(rng) + rng.pick(FIRM_SUFFIX[role])
}

export function projectName(rng: Rng, kind: string, place: string): string {
  const phase = rng.pick(PHASES)
  switch (kind) {
    case 'housing':
      return `${place}${rng.pick(ESTATES)}${rng.pick(HOUSING)}${phase}`
    case 'municipal':
      return `${rng.pick(ROADS)}（${place}段）${rng.pick(MUNICIPAL)}`
    default:
      return `${place}${rng.pick(SMALL)}`
  }
}

export function railProjectName(lineName: string, from: string, to?: string): string {
  return to
    ? `苏州轨道交通${lineName}${from}站—${to}站区间盾构工程`
    : `苏州轨道交通${lineName}${from}站土建施工项目`
}
