#!/usr/bin/env python3
"""An irregular synthetic province for benchmarks: a second, independent generator.

`safecredit gen` (src/synth.rs) writes very regular folders: columns in the
documented order, ISO dates, English codes, sorted ids of one shape, events
grouped by subject, no quoting. Performance claims should also hold on data
shaped like a real export, so this script writes a folder in the same data
contract (docs/facts.md) that is irregular in every way the contract allows:

- columns in another order than the docs in most files, header case varied
  in one (columns are found by name);
- ids of several shapes in one file: USCC-like, unpadded, region-prefixed and
  numeric subject ids; UUID-like, numeric and document-number event ids;
  none of them sorted;
- events, inspections and people (in per-subject blocks) in random order over
  the whole file;
- people shared across subjects at random (about 8% of role rows reuse a
  person from any other subject), a legal representative who is also the
  principal, partnerships (role `partner`);
- enumerations as English codes, Chinese labels or upper-case codes; dates in
  all accepted spellings (2024-03-05, 2024-3-5, 2024/3/5, 2024.3.5,
  2024年3月5日 …); booleans as yes/no, true/false, 是/否, 1/0;
- quoted cells: notes with commas, doubled quotes and now and then a line
  break; some company names with commas; a few cells padded with spaces or
  ideographic spaces (cells are trimmed); a few all-empty rows (a note);
- CRLF line ends in two files, a UTF-8 BOM on subjects.csv (all UTF-8);
- heavy-tailed events per subject (most have 2-16, 1% have 30 to 530), free-text
  notes that are mostly distinct, penalty authorities mostly empty or
  `emergency`, some `应急管理部门`, some other departments.

Every row is valid: references exist, accident fields only on accidents,
accepted objections have decided_on, nothing is dated after --as-of except
expires_on and lifted_on, illegal_mining only at mines and false_report only
at safety_service subjects, the same person id always has the same name, and
USCC and ID numbers have valid check characters. `safecredit check` should
report no errors and no warnings (only notes, for the blank rows). The rates
follow src/synth.rs: most subjects grade A, B or C, a few percent D.

Usage:
  python3 benches/gen_irregular.py --subjects 1000000 --seed 7 --as-of 2026-06-30 /tmp/irr-1m

Deterministic for a seed (random.Random(seed)); pure Python, no dependencies.
Events, inspections and people are shuffled through temporary bucket files
inside DIR (removed at the end), so memory stays small: about 330 MB peak and
2.5 minutes at 1M subjects (10M events, 2.1 GB written). This is a benchmark
tool only: safecredit's tests and CI never need it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from operator import itemgetter

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

# Region codes (行政区划代码) of Inner Mongolia, with the place names and the
# short names used in document numbers (包应急罚〔2025〕12号).
REGIONS = [
    ("150102", "呼和浩特市新城区", "呼"),
    ("150103", "呼和浩特市回民区", "呼"),
    ("150105", "呼和浩特市赛罕区", "呼"),
    ("150121", "呼和浩特市土默特左旗", "呼"),
    ("150202", "包头市东河区", "包"),
    ("150203", "包头市昆都仑区", "包"),
    ("150204", "包头市青山区", "包"),
    ("150205", "包头市石拐区", "包"),
    ("150206", "包头市白云鄂博矿区", "包"),
    ("150207", "包头市九原区", "包"),
    ("150302", "乌海市海勃湾区", "乌海"),
    ("150303", "乌海市海南区", "乌海"),
    ("150304", "乌海市乌达区", "乌海"),
    ("150402", "赤峰市红山区", "赤"),
    ("150403", "赤峰市元宝山区", "赤"),
    ("150502", "通辽市科尔沁区", "通"),
    ("150602", "鄂尔多斯市东胜区", "鄂"),
    ("150603", "鄂尔多斯市康巴什区", "鄂"),
    ("150621", "鄂尔多斯市达拉特旗", "鄂"),
    ("150622", "鄂尔多斯市准格尔旗", "鄂"),
    ("150627", "鄂尔多斯市伊金霍洛旗", "鄂"),
    ("150702", "呼伦贝尔市海拉尔区", "呼伦"),
    ("150781", "呼伦贝尔市满洲里市", "呼伦"),
    ("150802", "巴彦淖尔市临河区", "巴"),
    ("150902", "乌兰察布市集宁区", "乌"),
    ("152201", "兴安盟乌兰浩特市", "兴"),
    ("152502", "锡林郭勒盟锡林浩特市", "锡"),
    ("152921", "阿拉善盟阿拉善左旗", "阿"),
]

# (code, weight ‰, Chinese label, trade words for company names)
CATEGORIES = [
    ("metallurgy_trade", 350, "冶金工贸", ["钢铁", "铁合金", "铝业", "铸造", "轧钢", "金属制品", "机械制造", "粉末冶金"]),
    ("hazardous_chemicals", 250, "危险化学品", ["化工", "精细化工", "气体", "危险化学品储运", "石油化工", "燃气", "煤化工"]),
    ("non_coal_mine", 150, "非煤矿山", ["矿业", "石料开采", "萤石矿业", "石英砂矿业", "铁矿", "稀土矿业", "砂石"]),
    ("fireworks", 100, "烟花爆竹", ["烟花爆竹批发", "烟花爆竹零售", "花炮", "烟花爆竹经营"]),
    ("safety_service", 100, "安全生产中介服务机构", ["安全技术咨询", "安全评价", "检测检验", "安全培训", "职业卫生技术服务"]),
    ("coal_mine", 50, "煤矿", ["煤业", "煤矿", "煤炭", "能源"]),
]
MINES = {"coal_mine", "non_coal_mine"}

ROOTS = ["宏达", "金岭", "昆仑", "鑫源", "华泰", "瑞丰", "恒通", "北方", "兴隆", "德盛", "远航", "正元", "天成", "安泰", "永昌", "广源", "金鼎", "银河", "蒙西", "塞北", "草原", "阴山", "黄河", "大青山", "乌拉山", "神华", "伊泰", "汇能", "东达", "亿利", "鄂尔", "蒙泰", "万正", "三维", "君正", "中盛", "泰和", "众诚", "博源", "华誉", "福隆", "鸿禧", "瑞祁", "钢兴", "北沙", "恒岩", "黑石梁", "青山湾", "石门沟", "中衡", "安泓", "昆河", "德泰", "乌兰壕", "卜尔汉图", "富民", "银沙", "金川", "晟通", "宝丰", "聚鑫", "鼎盛", "荣达", "腾飞", "嘉禾", "恒信", "海诚", "华瑞", "庆华", "九鼎", "利民", "新星", "长城", "星火", "联合", "兴业", "祥和", "顺达"]
# (form, weight): partnerships (合伙企业) get partners in people.csv.
ORG_FORMS = [
    ("有限公司", 55), ("有限责任公司", 25), ("股份有限公司", 8), ("有限公司第一分公司", 2),
    ("有限公司东区分公司", 2), ("有限公司北区分公司", 1), ("合伙企业", 4), ("个人独资企业", 3),
]  # fmt: skip
ROADS = ["乌兰壕工业区", "银沙北路", "富民路", "钢兴路", "青松湾路", "昆北工业园区纬五路", "金岭工业园区纬二路", "昆河化工园区经三路", "昆华大道西段", "建设路", "民族东路", "阿尔丁大街", "团结大街", "机场路", "鄂托克西街", "伊金霍洛西街", "准格尔召路", "察哈尔大街", "新华西街", "友谊大街", "工业园区经一路", "开发区纬三路"]

SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "乔", "阎", "巴", "乌"]
GIVEN = ["建国", "志强", "海燕", "秀英", "文博", "春燕", "国华", "丽娜", "振宇", "晓东", "红梅", "立新", "鹏飞", "卫东", "丽华", "福生", "金龙", "树林", "涛", "跃进", "庆丰", "建军", "敏", "秀梅", "铁柱", "伟", "芳", "娜", "静", "磊", "洋", "勇", "军", "杰", "强", "艳", "刚", "平", "辉", "鑫", "宇", "浩", "凯", "婷", "雪", "慧", "欣", "博", "旭", "明", "海涛", "庆华", "雅琴", "志刚", "宏伟", "丽娜", "春生", "玉兰", "桂英", "建华", "永军", "凤英", "建平", "晓燕", "长青", "俊峰", "国强", "嘉怡", "子涵", "一鸣"]
MONGOLIAN_NAMES = ["巴图孟和", "苏日娜", "其其格", "额尔敦", "乌云", "那仁", "斯琴", "宝音", "阿拉坦", "朝鲁", "图雅", "格日勒", "敖登", "哈斯"]

SECTORS = ["税务（重大税收违法失信主体）", "生态环境（环境违法失信）", "生态环境（环境违法失信联合惩戒）", "交通运输（道路运输严重失信）", "人力资源和社会保障（拖欠农民工工资失信）", "市场监管（严重违法失信名单）", "法院（失信被执行人）", "税务", "住房和城乡建设（建筑市场严重失信）"]
# Departments other than emergency management: their penalties do not count.
OTHER_AUTHORITIES = ["市场监督管理局", "生态环境局", "消防救援支队", "住房和城乡建设局", "自然资源局", "交通运输局", "人力资源和社会保障局", "卫生健康委员会", "市场监管部门", "公安局治安支队"]

# Places, penalty reasons and accident types by category, for the notes ({n}: a number).
PLACES = {
    "coal_mine": "井下{n}采区 综采工作面 掘进工作面 主斜井 副井 回风巷 运输大巷 井下中央变电所 瓦斯抽采泵站 选煤厂",
    "non_coal_mine": "露天采场 排土场 尾矿库 溜井口 破碎车间 爆破作业区 采场边坡 井下{n}中段 选矿车间",
    "hazardous_chemicals": "储罐区 装置区 充装站 甲类仓库 反应釜区域 装卸站台 输送管廊 中控室 {n}号罐",
    "fireworks": "药物混合工房 成品仓库 零售点 包装工房 晾晒场 中转库 {n}号库房",
    "metallurgy_trade": "炼钢车间 轧钢车间 煤气柜区域 铸造车间 粉尘作业区 有限空间 行车作业区 转炉平台 {n}号高炉",
    "safety_service": "评价项目现场 检测实验室 培训考点 项目部 档案室 第{n}项目组",
}
PENALTY_REASONS = ["未按规定开展安全生产教育和培训", "安全警示标志设置不规范", "特种作业人员未持证上岗", "未建立事故隐患排查治理制度", "应急救援预案未按规定备案", "未如实记录安全生产教育和培训情况", "有限空间作业未执行审批制度", "可燃气体报警装置未定期检测", "劳动防护用品配备不足", "安全设备未经常性维护保养", "动火作业未办理作业票", "消防通道堵塞", "安全管理人员配备不足", "未按规定提取和使用安全生产费用", "重大危险源未登记建档"]
PENALTY_REASONS_BY_CATEGORY = {
    "coal_mine": "瓦斯检查记录不全 局部通风机未实现双电源供电 监测监控系统传感器未按规定校验 井下作业人员超定员",
    "non_coal_mine": "边坡未按设计留设安全平台 尾矿库安全监测设施失效 爆破作业未设置警戒 采场未按规定分台阶开采",
    "hazardous_chemicals": "储罐区防火堤破损未修复 重大危险源未实施实时监控 装卸作业未执行双人确认 "
    "危险化学品未专库存放",
    "fireworks": "超范围储存 药物总量超过核定量 春节期间超许可范围经营 工房定员定量标识缺失",
    "metallurgy_trade": "粉尘涉爆场所未按规定清扫 煤气区域未设置固定式监测报警装置 高温熔融金属吊运设备未按规定检测",
    "safety_service": "培训学时不足仍出具培训合格证明 评价报告未经技术负责人审核 检测原始记录不完整",
}
DISHONESTY = ["隐患排查治理台账弄虚作假", "拒不履行安全生产承诺事项", "伪造安全教育培训记录", "拒绝在执法文书上签字", "虚报隐患整改完成情况", "在应急演练记录上代签", "安全承诺书内容与实际严重不符", "隐瞒井下作业人数", "提供虚假的安全生产许可申请材料", "拒不配合执法检查", "未按承诺配备专职安全管理人员"]
ACCIDENT_TYPES = {
    "coal_mine": "顶板事故 瓦斯爆炸 井下运输跑车 机电事故 透水事故 煤尘爆炸",
    "non_coal_mine": "边坡落石 炮烟中毒 溜井口坠落 铲装作业机械伤害 坍塌 车辆伤害",
    "hazardous_chemicals": "反应釜泄漏 储罐爆炸着火 钢瓶爆裂 中毒和窒息 管道泄漏着火",
    "fireworks": "药物混合工房爆炸 仓库搬运引燃 违规燃放试验 运输途中燃爆",
    "metallurgy_trade": "煤气中毒 钢水喷溅灼烫 行车吊运物件坠落 机械伤害 粉尘爆炸 铝液外溢灼烫",
    "safety_service": "检测现场高处坠落 车辆伤害 触电",
}
# The serious violations (Art. 13 D(2)–D(10)): what happened, by kind.
SERIOUS = {
    "unlicensed_operation": "新建生产线未取得安全生产许可证擅自投产 安全生产许可证过期仍组织生产 "
    "许可范围外擅自生产经营",
    "unrectified_major_hazard": "重大事故隐患未整改仍组织作业 责令整改的重大隐患逾期未整改，冒险作业 "
    "采场边坡重大隐患未整改仍组织作业",
    "evading_supervision": "检查时关闭监控并藏匿作业人员 拒绝执法人员进入现场检查 转移隐匿相关资料逃避检查",
    "operating_while_suspended": "责令停产整顿期间擅自出库销售 停产整顿期间夜间组织生产 停产整顿期间擅自复工",
    "accident_cover_up": "事故发生后超过1小时未报告（迟报） 瞒报事故伤亡人数 谎报事故发生原因",
    "unaccepted_safety_facilities": "新建项目安全设施未经竣工验收即投入使用 改扩建装置安全设施未验收即投料试车",
    "illegal_mining": "超层越界开采 以探代采，探矿权范围内组织采矿 越界开采，已责令退回",
    "obstructing_investigation": "擅自清理事故现场并伪造操作记录 事故调查期间转移关键证据 串通证人作伪证妨碍调查",
    "false_report": "未到现场即出具安全现状评价报告 出借检测检验资质给无资质单位 评价报告数据严重失实",
}
for _table in (PLACES, PENALTY_REASONS_BY_CATEGORY, ACCIDENT_TYPES, SERIOUS):
    for _key, _words in _table.items():
        _table[_key] = _words.split()
# The serious kinds that fit a category: illegal_mining only at mines, false_report only at safety_service.
SERIOUS_KINDS = {
    "safety_service": ["false_report", "evading_supervision", "accident_cover_up"],
    "mine": ["illegal_mining", "unlicensed_operation", "unrectified_major_hazard", "operating_while_suspended", "unaccepted_safety_facilities", "obstructing_investigation"],
    "other": ["unlicensed_operation", "unrectified_major_hazard", "evading_supervision", "operating_while_suspended", "accident_cover_up", "unaccepted_safety_facilities", "obstructing_investigation"],
}
# Chinese labels of the enumerations (docs/facts.md).
LABELS = {
    "dishonesty": "失信行为", "penalty": "行政处罚", "accident": "生产安全事故",
    "unlicensed_operation": "未取得安全生产许可擅自生产经营", "unrectified_major_hazard": "重大隐患不整改冒险作业",
    "evading_supervision": "逃避对抗监管", "operating_while_suspended": "停产整顿期间生产经营",
    "accident_cover_up": "瞒报谎报迟报事故", "unaccepted_safety_facilities": "安全设施未验收即投用",
    "illegal_mining": "超层越界开采或以探代采", "obstructing_investigation": "破坏事故现场或妨碍调查",
    "false_report": "出具虚假报告或出借资质",
    "general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大",
    "legal_rep": "法定代表人", "principal": "主要负责人", "safety_lead": "分管安全负责人", "partner": "合伙人",
    "1": "一级", "2": "二级", "3": "三级",
    "accepted": "受理", "rejected": "不予受理", "upheld": "异议成立", "dismissed": "异议不成立",
}  # fmt: skip
LABELS.update((code, label) for code, _, label, _ in CATEGORIES)
# (true, false) spellings with weights.
BOOLEANS = [
    (("yes", "no"), 40), (("是", "否"), 25), (("true", "false"), 10), (("1", "0"), 15), (("Yes", "No"), 5),
    (("TRUE", "FALSE"), 5),
]  # fmt: skip

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

# Column orders written (header names decide; docs/facts.md has other orders).
HEADERS = {
    "subjects.csv": "name id uscc category committed_on address",
    "people.csv": "person name role subject phone id_number",
    "standardization.csv": "subject awarded_on expires_on level",
    "events.csv": "date kind subject id note person deaths accident_level liable typical repaired_on authority",
    "joint_punishments.csv": "subject sector listed_on lifted_on",
    "inspections.csv": "Inspector Date Subject ID",
    "objections.csv": "event id filed_on subject decision decided_on outcome replied_on investigator collector",
}
# The order the generator builds cells in (the documented one), for the files it reorders.
BUILT = {
    "people.csv": "subject person name role id_number phone",
    "standardization.csv": "subject level awarded_on expires_on",
    "events.csv": "id subject person date kind accident_level deaths liable typical authority repaired_on note",
    "inspections.csv": "id subject date inspector",
    "objections.csv": "id subject event filed_on decision decided_on collector investigator replied_on outcome",
}
for _table in (HEADERS, BUILT):
    for _key, _words in _table.items():
        _table[_key] = _words.split()
CRLF_FILES = {"events.csv", "standardization.csv"}
BOM_FILES = {"subjects.csv"}


def reorder(file: str):
    """A function taking a tuple of cells in BUILT order to the HEADERS order."""
    built = BUILT[file]
    return itemgetter(*[built.index(name.lower()) for name in HEADERS[file]])


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def table(weighted: list, size: int = 1000) -> list:
    """A lookup list for weighted picks: `t[int(random() * len(t))]`."""
    total = sum(w for _, w in weighted)
    out = []
    for value, w in weighted:
        out.extend([value] * round(w * size / total))
    return out


def uscc_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def id_check(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def base31(value: int, width: int) -> str:
    chars = []
    for _ in range(width):
        value, r = divmod(value, 31)
        chars.append(USCC_CHARS[r])
    return "".join(reversed(chars))


def quoted(text: str, eol: str) -> str:
    """A CSV cell: quoted when it holds a comma, a quote or a line break."""
    if "," in text or '"' in text or "\n" in text:
        if "\n" in text and eol != "\n":
            text = text.replace("\n", eol)
        return '"' + text.replace('"', '""') + '"'
    return text


class Dates:
    """Every day from 15 years before as-of to 6 years after, in each accepted spelling.

    `spell(offset)` gives the day `offset` days before as-of (negative: after)
    in a spelling picked by the file's weights.
    """

    SPELLINGS = [
        lambda d: d.isoformat(),  # 2024-03-05
        lambda d: f"{d.year}/{d.month}/{d.day}",  # 2024/3/5
        lambda d: f"{d.year}.{d.month}.{d.day}",  # 2024.3.5
        lambda d: f"{d.year}年{d.month}月{d.day}日",  # 2024年3月5日
        lambda d: f"{d.year}-{d.month}-{d.day}",  # 2024-3-5
        lambda d: f"{d.year}/{d.month:02}/{d.day:02}",  # 2024/03/05
        lambda d: f"{d.year}年{d.month:02}月{d.day:02}日",  # 2024年03月05日
    ]

    def __init__(self, as_of: dt.date):
        self.as_of = as_of
        self.before = 15 * 366
        self.after = 6 * 366
        first = as_of - dt.timedelta(days=self.before)
        days = [first + dt.timedelta(days=i) for i in range(self.before + self.after + 1)]
        # Indexed by before - offset: the day `offset` days before as-of.
        self.spelled = [tuple(f(d) for f in self.SPELLINGS) for d in days]
        self.days = days

    def day(self, offset: int) -> dt.date:
        return self.days[self.before - offset]

    def speller(self, rng: random.Random, weights: list[int]):
        """A function offset → spelled date, for one file's mix of spellings."""
        picks = table(list(enumerate(weights)), 200)
        spelled, before, r, n = self.spelled, self.before, rng.random, len(picks)

        def spell(offset: int) -> str:
            return spelled[before - offset][picks[int(r() * n)]]

        return spell


class Output:
    """One CSV file of the folder, written in large joined blocks.

    With `buckets` ≥ 1 the rows are shuffled: each row goes to a random bucket
    (a temporary file when there is more than one), and at the end each bucket
    is shuffled in memory and appended. Rows are separated by \\x1e in the
    bucket files, since quoted cells may hold line breaks.
    """

    FLUSH = 2000  # rows held per bucket (or pending) before they are written

    def __init__(self, folder: str, name: str, rng: random.Random, buckets: int = 0, tmp: str | None = None):
        self.name = name
        self.eol = "\r\n" if name in CRLF_FILES else "\n"
        self.path = os.path.join(folder, name)
        self.file = open(self.path, "w", encoding="utf-8", newline="", buffering=1 << 20)
        if name in BOM_FILES:
            self.file.write("\ufeff")
        self.file.write(",".join(HEADERS[name]) + self.eol)
        self.rng = rng
        self.rows = 0
        self.shuffled = buckets > 0
        if self.shuffled:
            self.buckets = [[] for _ in range(buckets)]
            self.spill = [os.path.join(tmp, f"{name}.{i}") for i in range(buckets)] if buckets > 1 else []
            for path in self.spill:
                open(path, "w").close()
        else:
            self.pending: list[str] = []

    def add(self, row: str) -> None:
        """Appends one row (its cells joined, no line end)."""
        self.rows += 1
        if self.shuffled:
            i = int(self.rng.random() * len(self.buckets))
            bucket = self.buckets[i]
            bucket.append(row)
            if self.spill and len(bucket) >= self.FLUSH:
                with open(self.spill[i], "a", encoding="utf-8", newline="") as f:
                    f.write("\x1e".join(bucket) + "\x1e")
                bucket.clear()
        else:
            self.pending.append(row)
            if len(self.pending) >= self.FLUSH:
                self._write(self.pending)

    def add_blank(self) -> None:
        """Appends a row whose cells are all empty (ignored by readers, not counted)."""
        self.add("," * (len(HEADERS[self.name]) - 1))
        self.rows -= 1

    def add_block(self, rows: list[str]) -> None:
        """Appends rows that stay together (a subject's people) as one shuffled item."""
        self.rows += len(rows) - 1
        self.add(self.eol.join(rows))

    def _write(self, rows: list[str]) -> None:
        self.file.write(self.eol.join(rows) + self.eol)
        rows.clear()

    def close(self) -> int:
        """Writes what is left (each bucket shuffled); returns the number of rows."""
        if self.shuffled:
            for i, bucket in enumerate(self.buckets):
                rows = bucket
                if self.spill:
                    with open(self.spill[i], encoding="utf-8", newline="") as f:
                        rows = f.read().split("\x1e")
                    rows.pop()  # the empty string after the last separator
                    rows.extend(bucket)
                    os.remove(self.spill[i])
                self.buckets[i] = []
                self.rng.shuffle(rows)
                if rows:
                    self._write(rows)
        elif self.pending:
            self._write(self.pending)
        self.file.close()
        return self.rows


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


def generate(subjects: int, seed: int, as_of: dt.date, folder: str) -> dict[str, int]:
    rng = random.Random(seed)
    r = rng.random
    dates = Dates(as_of)
    os.makedirs(folder, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".gen-irregular-", dir=folder)
    # Buckets for shuffling: about 100k events per bucket.
    buckets = max(1, min(256, subjects // 10_000))
    shuffle_rng = random.Random(seed * 1_000_003 + 17)
    out = {
        "subjects": Output(folder, "subjects.csv", shuffle_rng),
        "people": Output(folder, "people.csv", shuffle_rng, buckets, tmp),
        "standardization": Output(folder, "standardization.csv", shuffle_rng),
        "events": Output(folder, "events.csv", shuffle_rng, buckets, tmp),
        "joint_punishments": Output(folder, "joint_punishments.csv", shuffle_rng),
        "inspections": Output(folder, "inspections.csv", shuffle_rng, buckets, tmp),
        "objections": Output(folder, "objections.csv", shuffle_rng),
    }
    try:
        _generate(rng, r, dates, subjects, out)
        return {name: o.close() for name, o in out.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _generate(rng: random.Random, r, dates: Dates, n_subjects: int, out: dict[str, Output]) -> None:
    """Writes every row. Long, for speed: the hot loop keeps its names local."""
    ev_eol = out["events"].eol
    su_eol = out["subjects"].eol
    in_eol = out["inspections"].eol

    def pick(items):
        return items[int(r() * len(items))]

    # Spellings, per file: (ISO, 2024/3/5, 2024.3.5, 年月日, 2024-3-5, 2024/03/05, 年03月05日) weights.
    spell_subject = dates.speller(rng, [50, 20, 5, 20, 0, 5, 0])
    spell_std = dates.speller(rng, [40, 15, 15, 20, 5, 5, 0])
    spell_event = dates.speller(rng, [62, 12, 6, 12, 4, 3, 1])
    spell_listing = dates.speller(rng, [30, 10, 5, 50, 0, 0, 5])
    spell_inspection = dates.speller(rng, [45, 25, 10, 10, 5, 5, 0])
    spell_objection = dates.speller(rng, [25, 10, 5, 50, 0, 5, 5])

    category_table = table([(c, w) for c, w, _, _ in CATEGORIES])
    trades = {c: t for c, _, _, t in CATEGORIES}
    org_table = table(ORG_FORMS)
    bool_table = table(BOOLEANS, 100)

    def enum(code: str, label_share: float) -> str:
        """The code, its Chinese label, or now and then the code in upper case."""
        x = r()
        if x < label_share:
            return LABELS[code]
        if x > 0.985:
            return code.upper()
        return code

    def pad(text: str) -> str:
        """A few cells get white space around them (cells are trimmed)."""
        x = r()
        if x < 0.5:
            return " " + text
        if x < 0.8:
            return text + " "
        return text + "\u3000"

    # Bijections of a counter, so that ids of every shape are unique without a set.
    uscc_space = 31**9
    birth_days = [(dt.date(1958, 1, 1) + dt.timedelta(days=i)).strftime("%Y%m%d") for i in range(365 * 44)]

    def person_name() -> str:
        if r() < 0.04:
            return pick(MONGOLIAN_NAMES)
        return pick(SURNAMES) + pick(GIVEN)

    def id_number(region: str) -> str:
        x = r()
        if x < 0.04:
            return ""
        first17 = region + pick(birth_days) + f"{int(r() * 1000):03}"
        check = id_check(first17)
        if check == "X" and x < 0.10:
            check = "x"  # the check character is read in either case
        return first17 + check

    def phone() -> str:
        x = r()
        if x < 0.08:
            return ""
        number = f"1{pick(('38', '39', '50', '51', '52', '58', '86', '88', '35', '77'))}{int(r() * 100_000_000):08}"
        if x < 0.12:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        if x < 0.14:
            return f"0472-{int(r() * 10_000_000):07}"  # a landline
        return number

    def note_text(text: str) -> str:
        """Now and then an ASCII comma, a quoted phrase or a line break in a note."""
        x = r()
        if x < 0.14:
            text = text.replace("，", ", ", 1) if "，" in text else text + ", 已责令整改"
        elif x < 0.17:
            text += pick(('，企业称"已整改完毕"但复查未落实', '，现场张贴"隐患已消除"标识不实', '，台账记载"无隐患"'))
        elif x < 0.172:
            text += pick(("\n整改情况：已完成", "\n附件：现场照片3张", "\n备注：\n待复查"))
        return text

    def doc_no(abbr: str, year: int, kind: str) -> str:
        return f"{abbr}{kind}〔{year}〕{1 + int(r() * 2000)}号"

    subject_out, people_out, std_out = out["subjects"], out["people"], out["standardization"]
    events_out, listings_out = out["events"], out["joint_punishments"]
    inspections_out, objections_out = out["inspections"], out["objections"]
    people_order = reorder("people.csv")
    std_order = reorder("standardization.csv")
    event_order = reorder("events.csv")
    inspection_order = reorder("inspections.csv")
    objection_order = reorder("objections.csv")

    # Persons who may take a role at another subject: a uniform sample of every
    # person made so far (reservoir sampling), each with the subject it came from.
    reservoir: list[tuple[str, str, str, str, str]] = []
    reservoir_cap = 200_000
    persons_made = 0
    event_no = inspection_no = objection_no = 0
    ten_years, three_years = 3652, 1095
    mask64 = (1 << 64) - 1
    eid_mul, eid_add = 0x9E3779B97F4A7C15, rng.getrandbits(64)

    for k in range(n_subjects):
        # ---- subject
        category = category_table[int(r() * len(category_table))]
        region, place, abbr = pick(REGIONS)
        org = org_table[int(r() * len(org_table))]
        root = pick(ROOTS)
        name = f"{place}{root}{pick(trades[category])}{org}"
        if r() < 0.01:
            name = f"{name}（原{place}{pick(ROOTS)}厂, {2005 + int(r() * 15)}年更名）"
        uscc = f"91{region}{base31((k * 16_180_339_887_499 + 12_345) % uscc_space, 9)}"
        uscc += uscc_check(uscc)
        x = r()
        if x < 0.35:
            sid = uscc
        elif x < 0.60:
            sid = f"S{k + 1}"
        elif x < 0.80:
            sid = f"{region}-{k:07}"
        elif x < 0.90:
            sid = f"AJ{(k * 7_777_777 + 424_242) % 100_000_000:08}"
        else:
            sid = str(8_000_000_000 + (k * 3_333_331 + 99) % 1_000_000_000)
        committed = spell_subject(int(r() * ten_years)) if r() < 0.92 else ""
        category_cell = enum(category, 0.3)
        if category == "safety_service" and r() < 0.1:
            category_cell = "中介服务机构"
        if r() < 0.003:
            category_cell = pad(category_cell)
        address = f"内蒙古自治区{place}{pick(ROADS)}{1 + int(r() * 400)}号"
        if r() < 0.02:
            address += f", {1 + int(r() * 20)}号厂房"
        subject_out.add(
            ",".join(
                (
                    quoted(name, su_eol),
                    sid,
                    uscc if r() < 0.95 or sid == uscc else "",
                    category_cell,
                    committed,
                    quoted(address, su_eol),
                )
            )
        )
        if r() < 0.00005:
            subject_out.add_blank()  # ignored, with a note

        # ---- people: a legal representative, often a principal (sometimes the
        # same person), a safety lead, partners at partnerships.
        roles = ["legal_rep"]
        if r() < 0.6:
            roles.append("principal")
        if r() < 0.9:
            roles.append("safety_lead")
        if org == "合伙企业":
            roles += ["partner"] * (2 + int(r() * 3))
        elif r() < 0.01:
            roles.append("partner")
        rows = []
        by_role = {}  # role -> person id (the last one)
        here = []  # person ids with a role here
        shared_home = {}  # person id -> another subject where the person has a role
        legal = None
        for role in roles:
            if role == "principal" and legal is not None and r() < 0.3:
                pid, pname, pidn, pphone = legal  # the legal representative is also the principal
            elif reservoir and r() < 0.085 and (entry := pick(reservoir))[4] != sid:
                pid, pname, pidn, pphone, home = entry
                shared_home[pid] = home
            else:
                persons_made += 1
                x = r()
                n = persons_made
                if x < 0.4:
                    pid = f"P{n}"
                elif x < 0.7:
                    pid = f"R{region}-{n:08}"
                elif x < 0.9:
                    pid = str(7_000_000_000 + (n * 1_234_567 + 11) % 1_000_000_000)
                else:
                    pid = f"人员{n:07}"
                pname, pidn, pphone = person_name(), id_number(region), phone()
                entry = (pid, pname, pidn, pphone, sid)
                if len(reservoir) < reservoir_cap:
                    reservoir.append(entry)
                else:
                    j = int(r() * persons_made)
                    if j < reservoir_cap:
                        reservoir[j] = entry
            if role == "legal_rep":
                legal = (pid, pname, pidn, pphone)
            by_role[role] = pid
            here.append(pid)
            role_cell = enum(role, 0.4)
            if r() < 0.003:
                role_cell = pad(role_cell)
            rows.append(",".join(people_order((sid, pid, pname, role_cell, pidn, pphone))))
        people_out.add_block(rows)
        leads = [by_role[role] for role in ("principal", "safety_lead") if role in by_role]

        # ---- standardization: none, one, or an old expired one and its renewal.
        x = r()
        if x < 0.13:
            awards = []
        elif x < 0.90:
            awards = [int(r() * 365 * 4)]
        else:
            old = 365 * 3 + int(r() * 365 * 2)
            awards = [old, old - 365 * 3]
        for awarded in awards:
            level = str(1 + min(2, int(r() * 3.3)))
            expires = ""
            if r() < 0.82:
                day = dates.day(awarded)
                try:
                    expires_day = day.replace(year=day.year + 3) - dt.timedelta(days=1)
                except ValueError:  # awarded on 29 February
                    expires_day = day.replace(year=day.year + 3, day=28)
                expires = spell_std((dates.as_of - expires_day).days)
            cells = (sid, level if r() < 0.7 else LABELS[level], spell_std(awarded), expires)
            std_out.add(",".join(std_order(cells)))

        # ---- joint punishment listings
        if r() < 0.015:
            for _ in range(1 + (r() < 0.1)):
                listed = int(r() * three_years)
                lifted = spell_listing(listed - 180 - int(r() * 365)) if r() < 0.5 else ""
                listings_out.add(f"{sid},{pick(SECTORS)},{spell_listing(listed)},{lifted}")

        # ---- events: heavy-tailed per subject, about 10 on average.
        x = r()
        if x < 0.07:
            n_events = int(r() * 2)
        elif x < 0.99:
            n_events = 2 + int(r() * 15)
        else:
            n_events = 30 + int(r() * r() * 500)
        is_mine = category in MINES
        serious_kinds = SERIOUS_KINDS[
            "safety_service" if category == "safety_service" else "mine" if is_mine else "other"
        ]
        places = PLACES[category]
        penalty_reasons = PENALTY_REASONS + PENALTY_REASONS_BY_CATEGORY[category]
        accident_types = ACCIDENT_TYPES[category]
        for _ in range(n_events):
            event_no += 1
            offset = int(r() * ten_years)
            day = dates.day(offset)
            x = r()
            if x < 0.4:
                h = (event_no * eid_mul + eid_add) & mask64
                tail = f"{8 + int(r() * 4):x}{int(r() * 4096):03x}-{int(r() * 2**48):012x}"
                eid = f"{h >> 32:08x}-{(h >> 16) & 0xFFFF:04x}-4{h & 0xFFF:03x}-{tail}"  # UUID-like
            elif x < 0.7:
                eid = str(30_000_000_000 + (event_no * 7_777_777 + 5) % 10_000_000_000)
            elif x < 0.85:
                eid = f"E{event_no:x}".upper()
            else:
                eid = f"{abbr}应急记〔{day.year}〕{event_no}号"
            spot = pick(places)
            if "{n}" in spot:
                spot = spot.replace("{n}", str(1 + int(r() * 12)))
            person = level = deaths = liable = typical = authority = repaired = ""
            y = r()
            if y < 0.24:
                kind = "penalty"
                z = r()
                if z < 0.50:
                    authority = ""
                elif z < 0.75:
                    authority = "emergency" if z < 0.72 else pick(("Emergency", "EMERGENCY"))
                elif z < 0.86:
                    authority = "应急管理部门"
                else:
                    authority = pick(OTHER_AUTHORITIES)
                amount = pick(("0.5", "1", "1.5", "2", "3", "5", "8", "10", "20"))
                dept = "应急罚" if z < 0.86 else "罚"
                note = f"{spot}{pick(penalty_reasons)}，罚款{amount}万元（{doc_no(abbr, day.year, dept)}）"
                if r() < 0.05:
                    person = pick(here)
            elif y < 0.34:
                kind = "dishonesty"
                z = r()
                if z < 0.3 and leads:
                    person = pick(leads)
                elif z < 0.4:
                    person = pick(here)
                note = f"{pick(DISHONESTY)}，{day.month}月{day.day}日检查发现"
            elif y < 0.98:
                kind = "accident"
                z = r()
                if z < 0.980:
                    lv, fatal = "general", r() < 0.04
                    dead = 1 + int(r() * r() * 2.5) if fatal else 0
                elif z < 0.997:
                    lv, fatal = "larger", r() < 0.6
                    dead = 3 + int(r() * 7) if fatal else 0
                elif z < 0.999:
                    lv, fatal = "major", r() < 0.6
                    dead = 10 + int(r() * 20) if fatal else 0
                else:
                    lv, fatal = "especially_major", True
                    dead = 30 + int(r() * 20)
                is_liable = r() < 0.5
                level = enum(lv, 0.4)
                deaths = str(dead) if dead or r() < 0.5 else ""
                yes_no = bool_table[int(r() * len(bool_table))]
                liable = yes_no[0] if is_liable else yes_no[1]
                if lv == "larger" and r() < 0.1:
                    typical = yes_no[0]
                elif r() < 0.3:
                    typical = yes_no[1]
                if dead:
                    harm = f"造成{dead}人死亡" + (f"、{1 + int(r() * 6)}人受伤" if r() < 0.4 else "")
                else:
                    harm = pick(("无人员伤亡", f"{1 + int(r() * 3)}人轻伤", f"{1 + int(r() * 12)}人重伤", "1人轻伤"))
                loss = f"，直接经济损失{1 + int(r() * 900)}万元" if r() < 0.3 else ""
                verdict = "经调查认定为责任事故" if is_liable else "经调查认定为非责任事故"
                note = f"{day.month}月{day.day}日{spot}发生{pick(accident_types)}，{harm}{loss}，{verdict}"
            else:
                kind = pick(serious_kinds)
                if r() < 0.2 and leads:
                    person = pick(leads)
                note = f"{spot}{pick(SERIOUS[kind])}（{doc_no(abbr, day.year, '应急罚')}）"
            if kind != "accident" and r() < 0.1:
                fixed = offset - 30 - int(r() * 400)
                if fixed >= 0:
                    repaired = spell_event(fixed)
                    note += "，已完成信用修复"
            x = r()
            if x < 0.08:
                note = ""
            else:
                note = quoted(note_text(note), ev_eol)
            kind_cell = enum(kind, 0.28)
            date_cell = spell_event(offset)
            subject_cell = sid
            if x > 0.996:
                z = r()
                if z < 0.3:
                    kind_cell = pad(kind_cell)
                elif z < 0.6:
                    date_cell = pad(date_cell)
                else:
                    subject_cell = pad(subject_cell)
            cells = (
                eid,
                subject_cell,
                person,
                date_cell,
                kind_cell,
                level,
                deaths,
                liable,
                typical,
                authority,
                repaired,
                note,
            )
            events_out.add(",".join(event_order(cells)))
            if x > 0.99995:
                events_out.add_blank()  # ignored, with a note

            # ---- an objection on about 3% of events, filed by the subject or,
            # now and then, by another subject the event's person works at.
            if r() < 0.03 and offset >= 60:
                objection_no += 1
                objector = shared_home.get(person, sid) if person and r() < 0.5 else sid
                filed = offset - 3 - int(r() * 25)
                decided = filed - 1 - int(r() * 9)
                z = r()
                collector = person_name()
                investigator = collector if r() < 0.02 else (person_name() if r() < 0.9 else "")
                decision = decided_cell = replied = outcome = ""
                if z < 0.1 or decided < 0:
                    pass  # pending review
                elif z < 0.2:
                    decision, decided_cell = enum("rejected", 0.5), spell_objection(decided)
                else:
                    decision, decided_cell = enum("accepted", 0.5), spell_objection(decided)
                    reply = decided - 5 - int(r() * 30)
                    if reply >= 0 and r() < 0.95:
                        replied = spell_objection(reply)
                        outcome = enum("upheld" if r() < 0.3 else "dismissed", 0.5)
                oid = f"YY{dates.day(filed).year}-{objection_no:06}" if objection_no % 3 else f"O{objection_no}"
                cells = (
                    oid,
                    objector,
                    eid,
                    spell_objection(filed),
                    decision,
                    decided_cell,
                    collector,
                    investigator,
                    replied,
                    outcome,
                )
                objections_out.add(",".join(objection_order(cells)))

        # ---- inspections: none to five in three years, about two.
        x = r()
        n_inspections = 0 if x < 0.06 else (1 + int(r() * 3) if x < 0.9 else 3 + int(r() * 3))
        for _ in range(n_inspections):
            inspection_no += 1
            iid = (
                f"JC{(inspection_no * 48_271 + 7) % 10_000_000_000:010}"
                if inspection_no % 2
                else f"I-{inspection_no:x}"
            )
            inspectors = person_name() + pick(("、", "、", ",", "，", " ")) + person_name()
            if r() < 0.1:
                inspectors += "、" + person_name()
            cells = (iid, sid, spell_inspection(int(r() * three_years)), quoted(inspectors, in_eol))
            inspections_out.add(",".join(inspection_order(cells)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subjects", type=int, required=True, help="how many subjects")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True, help="the date the history ends")
    parser.add_argument("dir", help="the folder to write (created if needed)")
    args = parser.parse_args()
    started = time.perf_counter()
    counts = generate(args.subjects, args.seed, args.as_of, args.dir)
    seconds = time.perf_counter() - started
    rows = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"wrote {args.dir} in {seconds:.1f} s: {rows} (as of {args.as_of}, seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
