package importer

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func rowsOf(rs []Row) []string {
	var out []string
	for _, r := range rs {
		var ms []string
		for _, m := range r.Months {
			ms = append(ms, strconv.Itoa(m))
		}
		row := strings.Join(ms, ",") + "|" + r.Item + "|" + r.Owner
		if !r.Day.IsZero() {
			row += "|" + r.Day.String()
		}
		out = append(out, row)
	}
	return out
}

func TestScheduleTable(t *testing.T) {
	tests := []struct {
		name string
		rows [][]string
		want []string
		note string
	}{
		{"heads 时间 序号 内容 负责人, month cells empty below",
			[][]string{{"时间", "序号", "内容", "负责人"}, {"一月份", "1", "编制预算", "王晓明"}, {"", "2", "走访慰问", "各基层工会"}, {"十一月", "1", "年报统计", "赵敏"}},
			[]string{"1|编制预算|王晓明", "1|走访慰问|各基层工会", "11|年报统计|赵敏"}, ""},
		{"variants 月份 工作内容 责任人 with rowspan and a note row",
			[][]string{{"月份", "工作内容", "责任人"}, {"七、八月", "暑期休养", "陈国华"}, {"\x00七、八月", "送清凉", "各基层工会"}, {"注：视情况调整", "\x00注：视情况调整", "\x00注：视情况调整"}},
			[]string{"7,8|暑期休养|陈国华", "7,8|送清凉|各基层工会"}, "视情况调整"},
		{"完成时间 last, with days",
			[][]string{{"序号", "工作内容", "责任人", "完成时间"}, {"1", "上报材料", "赵敏", "3月15日"}, {"2", "组织评审", "", "4月"}},
			[]string{"3|上报材料|赵敏|2022-03-15", "4|组织评审|"}, ""},
		{"月份 gives the month, 完成时间 the day, in whichever month it falls",
			[][]string{{"月份", "工作内容", "负责人", "完成时间"}, {"三月", "开展活动", "王晓明", "4月15日"}, {"\x00三月", "组织培训", "赵敏", "3月20日"}, {"十二月", "年终总结", "李红", "2023年1月10日"}},
			[]string{"3|开展活动|王晓明|2022-04-15", "3|组织培训|赵敏|2022-03-20", "12|年终总结|李红|2023-01-10"}, ""},
		{"完成时间 first, 时间 after it",
			[][]string{{"完成时间", "工作内容", "时间"}, {"4月15日", "开展活动", "三月"}},
			[]string{"3|开展活动||2022-04-15"}, ""},
		{"a title row above the heads",
			[][]string{{"2022年工作安排", "\x002022年工作安排"}, {"时间", "内容"}, {"元月", "整理台账"}},
			[]string{"1|整理台账|"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, note, ok := scheduleFromTable(tt.rows, 2022)
			if !ok {
				t.Fatal("not recognised")
			}
			if got := rowsOf(rs); !reflect.DeepEqual(got, tt.want) || note != tt.note {
				t.Errorf("got %q note %q; want %q note %q", got, note, tt.want, tt.note)
			}
		})
	}
	for _, bad := range [][][]string{
		{{"姓名", "职务"}, {"王晓明", "主席"}},                 // not a schedule
		{{"时间", "内容"}, {"全年", "做好会员服务"}},              // a time that is not a month
		{{"内容", "负责人"}, {"编制预算", "王晓明"}},              // no time column
		{{"时间", "内容"}, {"", "没有月份的第一行"}, {"三月", "x"}}, // no month to carry
	} {
		if rs, _, ok := scheduleFromTable(bad, 2022); ok {
			t.Errorf("%q read as a schedule: %+v", bad, rs)
		}
	}
}

func TestScheduleText(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"flattened with owners", "时间\n\n序号\n\n内容\n\n负责人\n\n一月份\n\n1\n\n编制预算\n\n王晓明\n\n\n2\n\n走访慰问\n\n各基层工会\n\n七、八月\n\n1\n\n暑期休养\n\n顾 磊\n\n注:上述工作安排会根据实际情况进行调整\n",
			[]string{"1|编制预算|王晓明", "1|走访慰问|各基层工会", "7,8|暑期休养|顾 磊"}},
		{"flattened, an owner cell left empty", "时间\n序号\n内容\n负责人\n三月\n1\n召开会议\n2\n组织培训\n赵敏\n",
			[]string{"3|召开会议|", "3|组织培训|赵敏"}},
		{"flattened without 序号 or owners", "月份\n工作内容\n十一月\n读书会\n健步走\n十二月\n总结\n附件2：\n",
			[]string{"11|读书会|", "11|健步走|", "12|总结|"}},
		{"month lists", "（五）活动安排：\n三月：\n1.开展师德学习。\n2、植树活动\n七、八月份：\n1.暑期休养（负责人：陈国华）\n十二月份：1.年终总结 2.评先评优\n二、其他\n",
			[]string{"3|开展师德学习。|", "3|植树活动|", "7,8|暑期休养|陈国华", "12|年终总结|", "12|评先评优|"}},
		{"flattened, 完成时间 last with full dates", "序号\n工作内容\n责任人\n完成时间\n1\n上报材料\n赵敏\n2022年3月15日\n2\n组织评审\n王晓明\n2022-04-30\n示范区教育工会\n2022年3月1日\n",
			[]string{"3|上报材料|赵敏|2022-03-15", "4|组织评审|王晓明|2022-04-30"}},
		{"flattened with 月份 and 完成时间", "月份\n序号\n工作内容\n完成时间\n三月\n1\n开展活动\n4月15日\n2\n组织培训\n3月20日\n十二月\n1\n年终总结\n12月20日\n",
			[]string{"3|开展活动||2022-04-15", "3|组织培训||2022-03-20", "12|年终总结||2022-12-20"}},
		{"tab-separated table", "月份\t工作内容\t责任人\n一月\t编制预算\t王晓明\n\t走访慰问\t各基层工会\n",
			[]string{"1|编制预算|王晓明", "1|走访慰问|各基层工会"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := textToBlocks(tt.text)
			rs, _, _ := extractSchedules(blocks, 2022)
			if got := rowsOf(rs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
	// A single month line in running text is not a schedule.
	if rs, _, _ := extractSchedules(textToBlocks("三月：\n1.开展活动。\n二、其他工作\n"), 2022); len(rs) != 0 {
		t.Errorf("read %+v", rs)
	}
}
