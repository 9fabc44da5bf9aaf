package quality

import (
	"slices"
)

// Issue is one rule a record breaks.
type Issue struct {
	Field   string `json:"field"`
	Code    string `json:"code" doc:"Stable rule code, e.g. required, invalid_email, invalid_uscc."`
	Message string `json:"message"`
}

// Rule is one declarative check. Applies says whether the rule concerns a
// record at all (an absent optional field is not checked for its format);
// OK says whether the record passes. Weight is the rule's share of the
// record's score.
type Rule[T any] struct {
	Field   string
	Code    string
	Message string
	Weight  int
	Applies func(T) bool
	OK      func(T) bool
}

// Always is an Applies for rules that concern every record.
func Always[T any](T) bool { return true }

// Score returns a record's score from 0 to 100 (the weighted share of the
// applicable rules it passes; 100 when no rule applies) and the rules it
// breaks.
func Score[T any](rules []Rule[T], rec T) (int, []Issue) {
	total, passed := 0, 0
	issues := []Issue{}
	for _, r := range rules {
		if !r.Applies(rec) {
			continue
		}
		total += r.Weight
		if r.OK(rec) {
			passed += r.Weight
		} else {
			issues = append(issues, Issue{Field: r.Field, Code: r.Code, Message: r.Message})
		}
	}
	if total == 0 {
		return 100, issues
	}
	// Integer percent, rounded down, so 100 means every rule passed.
	return passed * 100 / total, issues
}

// Record is a scored record in a report.
type Record struct {
	ID     string  `json:"id"`
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Score  int     `json:"score"`
	Issues []Issue `json:"issues"`
}

// Report summarises one entity type.
type Report struct {
	Entity  string `json:"entity"`
	Records int    `json:"records"`
	// Invalid counts records that break at least one rule.
	Invalid int `json:"invalid"`
	// Duplicates counts records with a likely duplicate, when the entity
	// has duplicate detection.
	Duplicates   int            `json:"duplicates"`
	AverageScore int            `json:"average_score" doc:"Mean record score, 0–100."`
	ByRule       map[string]int `json:"by_rule" doc:"How many records break each rule."`
	Worst        []Record       `json:"worst" doc:"The lowest-scoring records, worst first."`
	sum          int
	keep         int
}

// NewReport starts a report that keeps the worst keep records.
func NewReport(entity string, keep int) *Report {
	return &Report{Entity: entity, ByRule: map[string]int{}, Worst: []Record{}, keep: keep}
}

// Add counts one scored record.
func (r *Report) Add(rec Record) {
	r.Records++
	r.sum += rec.Score
	r.AverageScore = r.sum / r.Records
	if len(rec.Issues) == 0 {
		return
	}
	r.Invalid++
	for _, is := range rec.Issues {
		r.ByRule[is.Field+":"+is.Code]++
	}
	// Keep the worst records in a small sorted slice: reports scan whole
	// tables and must not hold them in memory.
	i, _ := slices.BinarySearchFunc(r.Worst, rec, func(a, b Record) int { return a.Score - b.Score })
	if i >= r.keep {
		return
	}
	r.Worst = slices.Insert(r.Worst, i, rec)
	if len(r.Worst) > r.keep {
		r.Worst = r.Worst[:r.keep]
	}
}
