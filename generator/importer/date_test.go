package importer

import (
	"reflect"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2021年03月24日", Date{2021, 3, 24}, true},
		{"2021年3月24日", Date{2021, 3, 24}, true},
		{"2021 年 3 月 4 日", Date{2021, 3, 4}, true},
		{"2021年3月24号", Date{2021, 3, 24}, true},
		{"２０２１年３月２４日", Date{2021, 3, 24}, true},
		{"2021-03-24", Date{2021, 3, 24}, true},
		{"2021-3-4", Date{2021, 3, 4}, true},
		{"2021/03/24", Date{2021, 3, 24}, true},
		{"2021.03.24", Date{2021, 3, 24}, true},
		{"2021．03．24", Date{2021, 3, 24}, true},
		{"2021-03-24 10:30", Date{2021, 3, 24}, true},
		{"2021-03-24 10:30:05", Date{2021, 3, 24}, true},
		{"　2021年3月24日　", Date{2021, 3, 24}, true},
		{"二〇二一年三月二十四日", Date{2021, 3, 24}, true}, // U+3007
		{"二○二一年三月二十四日", Date{2021, 3, 24}, true}, // U+25CB
		{"二O二一年三月二十四日", Date{2021, 3, 24}, true}, // Latin O
		{"二零二一年十二月三十一日", Date{2021, 12, 31}, true},
		{"二〇二二年十一月十日", Date{2022, 11, 10}, true},
		{"二〇二二年十月一日", Date{2022, 10, 1}, true},
		{"二〇二二年二月廿八日", Date{2022, 2, 28}, true},
		{"二〇二〇年二月二十九日", Date{2020, 2, 29}, true},
		{"2021-02-29", Date{}, false}, // not a leap year
		{"2021年13月1日", Date{}, false}, // no such month
		{"二〇二一年二月三十日", Date{}, false},
		{"2021-03/24", Date{}, false}, // mixed separators
		{"发布时间：2021-03-24", Date{}, false},
		{"2021年3月", Date{}, false},
		{"", Date{}, false},
		{"12021-03-24", Date{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"发布时间:2021-03-24 浏览次数: 【字体:", Date{2021, 3, 24}},
		{"发文日期: 2021年03月24日 主题分类: 年度计划总结", Date{2021, 3, 24}},
		{"于二〇二一年五月六日印发", Date{2021, 5, 6}},
		{"日期 2021.3.24 与 2022-01-01", Date{2021, 3, 24}},
	}
	for _, tt := range tests {
		if got, ok := findDate(tt.in); !ok || got != tt.want {
			t.Errorf("findDate(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	if d, f := parseDateOnly("2021年3月24日"); f != formCJK || d != (Date{2021, 3, 24}) {
		t.Errorf("signature form not recognised: %v %v", d, f)
	}
	if _, f := parseDateOnly("2021-03-24"); f != formISO {
		t.Errorf("CMS form not recognised: %v", f)
	}
}

func TestParseMonths(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"一月", []int{1}},
		{"一月份", []int{1}},
		{"二月份", []int{2}},
		{"三月", []int{3}},
		{"九月份", []int{9}},
		{"十月", []int{10}},
		{"十一月", []int{11}}, // not 十 + 一
		{"十一月份", []int{11}},
		{"十二月", []int{12}}, // not 十 + 二
		{"十二月份", []int{12}},
		{"元月", []int{1}},
		{"元月份", []int{1}},
		{"3月", []int{3}},
		{"03月", []int{3}},
		{"11月份", []int{11}},
		{"３月", []int{3}},
		{"2021年3月", []int{3}},
		{"三月：", []int{3}},
		{"三月:", []int{3}},
		{"三月中旬", []int{3}},
		{"3月底", []int{3}},
		{"七、八月", []int{7, 8}},
		{"七、八月份", []int{7, 8}},
		{"七八月", []int{7, 8}},
		{"七，八月", []int{7, 8}},
		{"7、8月", []int{7, 8}},
		{"7-8月", []int{7, 8}},
		{"7月-8月", []int{7, 8}},
		{"6～8月", []int{6, 7, 8}},
		{"七至九月", []int{7, 8, 9}},
		{"七月至八月", []int{7, 8}},
		{"十一、十二月", []int{11, 12}},
		{"十、十一月", []int{10, 11}},
		{"一、二月份", []int{1, 2}},
		{"九至十二月", []int{9, 10, 11, 12}},
		{" 十二月 ", []int{12}},
	}
	for _, tt := range tests {
		got, ok := ParseMonths(tt.in)
		if !ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseMonths(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "月", "十三月", "13月", "0月", "八、七月", "九至七月", "一日", "三", "每月", "全年", "上半年",
		"三月份工作", "一、加强学习", "七、八", "正月", "十十月", "1234月"} {
		if got, ok := ParseMonths(bad); ok {
			t.Errorf("ParseMonths(%q) = %v; want no month", bad, got)
		}
	}
}
