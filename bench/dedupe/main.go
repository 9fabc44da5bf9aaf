// Command dedupe measures party duplicate detection on the labelled pairs in
// internal/party/testdata/duplicate_pairs.csv: precision, recall and F1 of
// party.Compare at each score threshold, and how many comparisons it makes
// per second. Run it from the repository root:
//
//	go run ./bench/dedupe
//	go run ./bench/dedupe -v   # also list every pair with its score
//
// Use it to choose party.LikelyDuplicate and party.PossibleDuplicate after a
// change to the rules or to the pairs.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/concord-erp/concord/internal/party"
)

type pair struct {
	a, b      party.Candidate
	duplicate bool
}

func main() {
	pairsPath := flag.String("pairs", "internal/party/testdata/duplicate_pairs.csv", "labelled pairs (CSV)")
	n := flag.Int("n", 100_000, "comparisons in the speed test")
	verbose := flag.Bool("v", false, "list every pair with its score and reasons")
	flag.Parse()
	if err := run(os.Stdout, *pairsPath, *n, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "dedupe:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, pairsPath string, n int, verbose bool) error {
	pairs, err := readPairs(pairsPath)
	if err != nil {
		return err
	}
	if len(pairs) == 0 {
		return errors.New("no pairs in " + pairsPath)
	}
	scores := make([]int, len(pairs))
	dups := 0
	for i, p := range pairs {
		m := party.Compare(p.a, p.b)
		scores[i] = m.Score
		if p.duplicate {
			dups++
		}
		if verbose {
			fmt.Fprintf(w, "%3d %-5t %q | %q | %v\n", m.Score, p.duplicate, p.a.LegalName, p.b.LegalName, m.Reasons)
		}
	}
	fmt.Fprintf(w, "%d labelled pairs, %d duplicates (%s)\n\n", len(pairs), dups, pairsPath)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "threshold\tprecision\trecall\tF1\tTP\tFP\tFN\tTN\t\t")
	// The table covers 40..95 in steps of 5 plus the chosen thresholds, so
	// that their rows show even when they fall outside that range.
	thresholds := []int{party.PossibleDuplicate, party.LikelyDuplicate}
	for t := 40; t <= 95; t += 5 {
		thresholds = append(thresholds, t)
	}
	slices.Sort(thresholds)
	for _, t := range slices.Compact(thresholds) {
		var tp, fp, fn, tn int
		for i, p := range pairs {
			flagged := scores[i] >= t
			switch {
			case flagged && p.duplicate:
				tp++
			case flagged:
				fp++
			case p.duplicate:
				fn++
			default:
				tn++
			}
		}
		precision, recall := ratio(tp, tp+fp), ratio(tp, tp+fn)
		f1 := 0.0
		if precision+recall > 0 {
			f1 = 2 * precision * recall / (precision + recall)
		}
		mark := ""
		switch t {
		case party.LikelyDuplicate:
			mark = "<- LikelyDuplicate"
		case party.PossibleDuplicate:
			mark = "<- PossibleDuplicate"
		}
		fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%d\t\t%s\n", t, precision, recall, f1, tp, fp, fn, tn, mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	// The loop cycles through the labelled pairs, so the speed reflects
	// their mix of Latin and Chinese names and of filled fields.
	start := time.Now()
	total := 0
	for i := range n {
		p := pairs[i%len(pairs)]
		total += party.Compare(p.a, p.b).Score
	}
	elapsed := time.Since(start)
	fmt.Fprintf(w, "\n%d comparisons in %v: %.0f compares/s, %v per compare (score sum %d)\n",
		n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), (elapsed / time.Duration(max(n, 1))).Round(10*time.Nanosecond), total)
	return nil
}

func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// readPairs reads the labelled pairs; lines starting with # are comments.
func readPairs(path string) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run from the repository root or pass -pairs)", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = 11
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	var pairs []pair
	for i, row := range rows[1:] { // the first row is the header
		dup, err := strconv.ParseBool(row[10])
		if err != nil {
			return nil, fmt.Errorf("%s: data row %d: duplicate: %w", path, i+1, err)
		}
		pairs = append(pairs, pair{
			a:         party.Candidate{LegalName: row[0], LocalName: row[1], TaxID: row[2], Email: row[3], Phone: row[4]},
			b:         party.Candidate{LegalName: row[5], LocalName: row[6], TaxID: row[7], Email: row[8], Phone: row[9]},
			duplicate: dup,
		})
	}
	return pairs, nil
}
