package search

import (
	"fmt"
	"strings"
)

// A deterministic generated corpus for the benchmarks and the size test:
// words of a small list, drawn with a Zipf-like law, plus rarer words made
// of common characters, so that the index has both dense and sparse
// tokens as real text does.

var corpusWords = strings.Fields(`
工会 教育 教职工 学校 工作 会议 代表 大会 委员会 经费 管理 制度 通知 要点 计划 总结
组织 活动 开展 落实 推进 加强 建设 服务 权益 维护 职工 教师 教研 培训 学习 宣传
党建 思想 政治 发展 改革 提升 质量 安全 健康 文化 体育 比赛 竞赛 表彰 先进 集体
个人 评选 推荐 名单 公示 公开 信息 年度 报告 财务 预算 决算 审计 监督 检查 考核
民主 协商 议事 提案 意见 建议 办理 答复 慰问 困难 帮扶 救助 送温暖 节日 春节 中秋
女职工 妇女 儿童 家庭 心理 关爱 疗休养 体检 福利 补助 标准 发放 资金 使用 规范
程序 流程 要求 目标 任务 措施 保障 责任 分工 部门 单位 基层 区域 示范 创建 评估
验收 材料 报送 时间 地点 对象 范围 内容 方式 步骤 安排 部署 动员 总体 重点 难点
创新 特色 品牌 项目 课题 研究 成果 交流 经验 案例 典型 模范 劳动 技能 岗位 练兵
青年 教工 退休 老干部 新教师 班主任 校长 书记 主席 委员 成员 小组 领导 机构 调整
章程 条例 办法 细则 方案 意见书 决定 批复 函件 纪要 简报 动态 专题 调研 座谈 走访
读书 摄影 书法 绘画 合唱 舞蹈 演讲 朗诵 征文 运动会 篮球 羽毛球 乒乓球 拔河 健步走
法律 法规 政策 文件 精神 贯彻 执行 学习贯彻 宣讲 解读 普法 维权 调解 仲裁 劳动合同
工资 绩效 待遇 职称 评聘 聘用 招聘 考试 录用 编制 人事 档案 统计 数据 台账 登记
`)

const corpusChars = `的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞`

type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9E3779B97F4A7C15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// zipf draws an index in [0, n) with small indexes far more likely.
func (r *rng) zipf(n int) int {
	x := float64(r.next()>>11) / (1 << 53)
	return int(float64(n) * x * x * x)
}

type corpus struct {
	words []string
}

func newCorpus() *corpus {
	c := &corpus{words: append([]string(nil), corpusWords...)}
	chars := []rune(corpusChars)
	r := rng(7)
	for range 6000 {
		n := 2 + r.intn(2)
		var b strings.Builder
		for range n {
			b.WriteRune(chars[r.zipf(len(chars))])
		}
		c.words = append(c.words, b.String())
	}
	return c
}

var (
	corpusIssuers    = []string{"示范区教育工会", "示范区教育局", "示范区第一中学工会", "示范区实验小学工会"}
	corpusCodes      = []string{"00001434-9", "71781755-2", "12345678-X", "87654321-0"}
	corpusPrefixes   = []string{"示教工", "示教局", "徐工教", "示一中工"}
	corpusCategories = []string{"年度计划总结", "通知公告", "教职工权益", "文体活动", "信息公开年报"}
	corpusGenres     = []string{"通知", "计划", "总结", "报告", "方案", "纪要", "决定", "公示"}
)

// docs generates n documents of about bodyRunes characters of body each.
func (c *corpus) docs(n, bodyRunes int) []Document {
	r := rng(42)
	out := make([]Document, n)
	var b strings.Builder
	for i := range out {
		year := 2025 - i*12/n
		iss := r.intn(len(corpusIssuers))
		b.Reset()
		b.WriteString("关于")
		for range 2 + r.intn(3) {
			b.WriteString(c.words[r.zipf(400)])
		}
		b.WriteString([]string{"的通知", "的工作要点", "的实施方案", "的报告", "的公示"}[r.intn(5)])
		title := b.String()
		b.Reset()
		runes := 0
		for runes < bodyRunes {
			for range 4 + r.intn(10) {
				w := c.words[r.zipf(len(c.words))]
				b.WriteString(w)
				runes += len([]rune(w))
			}
			switch r.intn(12) {
			case 0:
				fmt.Fprintf(&b, "%d年", year-r.intn(3))
				runes += 5
			case 1:
				fmt.Fprintf(&b, "第%d条", 1+r.intn(40))
				runes += 3
			case 2:
				b.WriteString("……")
				runes += 2
			case 3:
				b.WriteString("（第２款）")
				runes += 5
			}
			if r.intn(3) == 0 {
				b.WriteString("。")
			} else {
				b.WriteString("，")
			}
			runes++
		}
		out[i] = Document{
			URL:      fmt.Sprintf("archive/%d/doc-%05d/", year, i),
			Title:    title,
			Index:    fmt.Sprintf("%s/%d-%05d", corpusCodes[iss], year, 10000+i),
			Number:   fmt.Sprintf("%s〔%d〕%d号", corpusPrefixes[iss], year, 100+i),
			Issuer:   corpusIssuers[iss],
			Category: corpusCategories[r.intn(len(corpusCategories))],
			Genre:    corpusGenres[r.intn(len(corpusGenres))],
			Date:     fmt.Sprintf("%d-%02d-%02d", year, 1+r.intn(12), 1+r.intn(28)),
			Year:     year,
			Keywords: []string{c.words[r.zipf(200)], c.words[r.zipf(200)]},
			Body:     b.String(),
		}
	}
	return out
}
