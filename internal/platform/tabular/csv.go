package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// csvSource reads records with encoding/csv, behind a lineLimiter that
// refuses over-long lines and rows before they reach memory.
type csvSource struct {
	r   *csv.Reader
	lim *lineLimiter
	// nextLine is the line where the next record starts at the earliest
	// (blank lines in between are skipped by encoding/csv); it names the row
	// when a record is too long to ever be returned.
	nextLine int
}

func openCSV(r io.Reader, opts Options) (*csvSource, error) {
	maxLine := opts.MaxLineBytes
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	comma := opts.Comma
	if comma == 0 {
		comma = ','
	}
	if comma == '"' || comma == '\r' || comma == '\n' || comma == utf8.RuneError || !utf8.ValidRune(comma) {
		return nil, fmt.Errorf("tabular: invalid CSV separator %q", comma)
	}

	// Look at the first bytes for a byte order mark. A UTF-8 BOM (what Excel
	// writes for "CSV UTF-8") is dropped here rather than trimmed from the
	// first cell later, because before a quoted first cell it would make the
	// quote a "bare quote" error.
	head := make([]byte, 3)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	head = head[:n]
	if bytes.HasPrefix(head, utf16LEBOM) || bytes.HasPrefix(head, utf16BEBOM) {
		return nil, fileError(CodeUnsupportedEncoding, 0,
			"the file is UTF-16 text (\"Unicode Text\"), which cannot be imported; %s", saveAsCSVMsg)
	}
	head = bytes.TrimPrefix(head, utf8BOM)

	lim := &lineLimiter{r: io.MultiReader(bytes.NewReader(head), r), max: maxLine}
	cr := csv.NewReader(lim)
	cr.Comma = comma
	cr.ReuseRecord = true   // we copy values into each Row anyway
	cr.FieldsPerRecord = -1 // ragged rows are Problems for the Reader, not parse errors
	cr.LazyQuotes = false   // a stray quote must be reported, not guessed around
	return &csvSource{r: cr, lim: lim, nextLine: 1}, nil
}

func (s *csvSource) next() (int, []string, []int, error) {
	rec, err := s.r.Read()
	if err != nil && s.lim.err != nil {
		// Whatever encoding/csv made of the cut input, the cause is ours.
		// (The limiter fails one Read after the last good bytes, so records
		// before the long line still come back without an error.)
		if s.lim.record {
			return 0, nil, nil, fileError(CodeLineTooLong, s.nextLine,
				"the row starting at line %d (or soon after) is longer than %d bytes; a double quote is probably not closed",
				s.nextLine, s.lim.max)
		}
		return 0, nil, nil, fileError(CodeLineTooLong, s.lim.lines+1,
			"line %d is longer than %d bytes; this is not a normal CSV file", s.lim.lines+1, s.lim.max)
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return 0, nil, nil, quoteError(pe)
		}
		return 0, nil, nil, err // io.EOF or an I/O error from the input
	}
	line, _ := s.r.FieldPos(0)
	last := len(rec) - 1
	lastLine, _ := s.r.FieldPos(last)
	s.nextLine = lastLine + strings.Count(rec[last], "\n") + 1
	s.lim.recordStart = s.r.InputOffset()
	if err := checkUTF8(line, rec); err != nil {
		return 0, nil, nil, err
	}
	return line, rec, nil, nil
}

func (s *csvSource) close() error { return nil }

func quoteError(pe *csv.ParseError) *FileError {
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		return fileError(CodeBadCSV, pe.StartLine,
			"line %d has a double quote (\") inside a value that is not quoted; put the whole value in double quotes and write the quote twice (\"\")", pe.Line)
	}
	return fileError(CodeBadCSV, pe.StartLine,
		"line %d: a quoted value is not closed, or text follows its closing quote", pe.Line)
}

// lineLimiter passes bytes through while counting the bytes since the last
// newline (a CR before it counts) and since the start of the current record. It fails as soon as
// either passes its limit, so a 50 MB line (or a missing closing quote that
// would swallow the rest of the file into one value) costs at most about
// max bytes of memory instead of the whole line.
type lineLimiter struct {
	r       io.Reader
	max     int
	lineLen int   // bytes since the last '\n'
	lines   int   // '\n' passed through so far
	offset  int64 // bytes passed through so far
	// recordStart is the offset where the current record starts, set by
	// csvSource after each record.
	recordStart int64
	err         error
	record      bool // the record limit tripped, not the line limit
}

// readAhead is how far encoding/csv's bufio.Reader may read past the
// record it is parsing (its default buffer size), plus a CRLF: the slack
// that keeps a record of exactly max bytes from tripping the record limit.
const readAhead = 4096 + 2

var errTooLong = errors.New("tabular: line too long")

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	// Never hand out bytes past the record limit.
	room := l.recordStart + int64(l.max) + readAhead - l.offset
	if room <= 0 {
		l.err, l.record = errTooLong, true
		return 0, l.err
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	data := p[:n]
	for pos := 0; ; {
		i := bytes.IndexByte(data[pos:], '\n')
		seg := i
		if i < 0 {
			seg = len(data) - pos
		}
		if l.lineLen+seg > l.max {
			// Hand out what fits, so the rows before this line are still
			// read and numbered normally; the next Read fails.
			cut := pos + l.max - l.lineLen
			l.lineLen = l.max
			l.offset += int64(cut)
			l.err = errTooLong
			if cut == 0 {
				return 0, l.err
			}
			return cut, nil
		}
		if i < 0 {
			l.lineLen += seg
			break
		}
		l.lineLen = 0
		l.lines++
		pos += i + 1
	}
	l.offset += int64(n)
	return n, err
}
