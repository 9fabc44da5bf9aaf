package tabular

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// maxUnzippedBytes caps the total uncompressed size of a workbook. It stops
// zip bombs from filling the disk with excelize's temporary files; a
// spreadsheet of a million rows of master data stays well under it.
const maxUnzippedBytes = 1 << 30

// maxPartBytes caps the small XML parts (workbook, relationships) that we
// read whole to find the sheet.
const maxPartBytes = 16 << 20

// xlsxSource streams one sheet. Values come from excelize's Rows iterator,
// which applies shared strings and number formats (dates come out as a
// person sees them). excelize does not say which cells are formulas, so a
// second, light pass over the same sheet XML (formulaScanner) runs in step
// with it to find formulas with no saved result, and checks at the end
// that the sheet XML was complete (excelize stops silently on a broken one).
type xlsxSource struct {
	file *excelize.File
	rows *excelize.Rows
	scan *formulaScanner
	num  int // rows handed out so far = the current row number
}

// badXLSX turns any failure of a workbook into a bad_xlsx *FileError.
func badXLSX(row int, err error) *FileError {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	msg := "the file is not a readable Excel workbook (*.xlsx)"
	switch {
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		msg = "the workbook is password-protected or in an old format; remove the password and save it as Excel Workbook (*.xlsx)"
	case err != nil && strings.Contains(err.Error(), "unzip size"):
		msg = "the workbook is too large once unpacked"
	case err != nil && row > 0:
		msg = fmt.Sprintf("the workbook is damaged near row %d: %v", row, err)
	case err != nil:
		msg = fmt.Sprintf("the file is not a readable Excel workbook (*.xlsx): %v", err)
	}
	return &FileError{Code: CodeBadXLSX, Row: row, Message: msg}
}

func openXLSX(src io.ReaderAt, size int64, sheet string) (_ *xlsxSource, err error) {
	if size <= 0 {
		return nil, fileError(CodeEmptyFile, 0, "the file is empty")
	}
	s := &xlsxSource{}
	// excelize is a large parser of untrusted input; should it ever panic
	// on a malformed file, that is a bad file, not a crashed import.
	defer func() {
		if p := recover(); p != nil {
			err = badXLSX(0, fmt.Errorf("%v", p))
		}
		if err != nil {
			_ = s.close()
		}
	}()

	zr, err := zip.NewReader(src, size)
	if err != nil {
		return nil, badXLSX(0, nil)
	}
	s.file, err = excelize.OpenReader(io.NewSectionReader(src, 0, size), excelize.Options{
		// Excel's default date format (built-in 14, "m/d/yyyy" in the
		// user's locale) becomes ISO dates: unambiguous for every caller,
		// unlike excelize's default "mm-dd-yy".
		ShortDatePattern: "yyyy-mm-dd",
		UnzipSizeLimit:   maxUnzippedBytes,
	})
	if err != nil {
		return nil, badXLSX(0, err)
	}
	names := s.file.GetSheetList()
	if len(names) == 0 {
		return nil, badXLSX(0, nil)
	}
	// The default is the first sheet a person sees: templates often keep a
	// hidden sheet of drop-down lists in front.
	name := names[0]
	for _, n := range names {
		if visible, err := s.file.GetSheetVisible(n); err == nil && visible {
			name = n
			break
		}
	}
	if sheet != "" {
		name = ""
		for _, n := range names {
			if strings.EqualFold(n, sheet) {
				name = n
				break
			}
		}
		if name == "" {
			return nil, fileError(CodeBadXLSX, 0, "the workbook has no sheet named %q; its sheets are: %s",
				sheet, strings.Join(names, ", "))
		}
	}
	part, err := sheetPart(zr, name)
	if err != nil {
		return nil, badXLSX(0, err)
	}
	if s.rows, err = s.file.Rows(name); err != nil {
		return nil, badXLSX(0, err)
	}
	if s.scan, err = newFormulaScanner(part); err != nil {
		return nil, badXLSX(0, err)
	}
	return s, nil
}

func (s *xlsxSource) next() (num int, values []string, fcols []int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = badXLSX(s.num, fmt.Errorf("%v", p))
		}
	}()
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return 0, nil, nil, badXLSX(s.num+1, err)
		}
		// excelize ends quietly on broken XML; make sure the sheet really
		// ended, or an import would silently miss the rest of the file.
		if err := s.scan.finish(); err != nil {
			return 0, nil, nil, badXLSX(s.num+1, err)
		}
		return 0, nil, nil, io.EOF
	}
	s.num++
	if values, err = s.rows.Columns(); err != nil {
		return 0, nil, nil, badXLSX(s.num, err)
	}
	if fcols, err = s.scan.at(s.num); err != nil {
		return 0, nil, nil, badXLSX(s.num, err)
	}
	return s.num, values, fcols, nil
}

func (s *xlsxSource) close() error {
	var errs []error
	if s.rows != nil {
		errs = append(errs, s.rows.Close())
	}
	if s.scan != nil {
		errs = append(errs, s.scan.rc.Close())
	}
	if s.file != nil {
		errs = append(errs, s.file.Close()) // removes excelize's temporary files
	}
	return errors.Join(errs...)
}

// sheetPart finds the zip entry of the sheet called name, the way Excel
// does: _rels/.rels names the workbook part, the workbook names the sheet's
// relationship id, the workbook's relationships name the part.
func sheetPart(zr *zip.Reader, name string) (*zip.File, error) {
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	resolve := func(dir, target string) string {
		if strings.HasPrefix(target, "/") {
			return strings.ToLower(strings.TrimPrefix(target, "/"))
		}
		return strings.ToLower(path.Join(dir, target))
	}

	wbPath := "xl/workbook.xml"
	if f := files["_rels/.rels"]; f != nil {
		var root rels
		if err := readPart(f, &root); err != nil {
			return nil, err
		}
		for _, r := range root.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = resolve("", r.Target)
			}
		}
	}
	wbFile := files[wbPath]
	if wbFile == nil {
		return nil, errors.New("no workbook part")
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"` // r:id
		} `xml:"sheets>sheet"`
	}
	if err := readPart(wbFile, &wb); err != nil {
		return nil, err
	}
	id := ""
	for _, sh := range wb.Sheets {
		if sh.Name == name {
			id = sh.ID
		}
	}
	dir := path.Dir(wbPath)
	relsFile := files[path.Join(dir, "_rels", path.Base(wbPath)+".rels")]
	if id == "" || relsFile == nil {
		return nil, fmt.Errorf("sheet %q has no part", name)
	}
	var wbRels rels
	if err := readPart(relsFile, &wbRels); err != nil {
		return nil, err
	}
	for _, r := range wbRels.Rel {
		if r.ID == id {
			if f := files[resolve(dir, r.Target)]; f != nil {
				return f, nil
			}
		}
	}
	return nil, fmt.Errorf("sheet %q has no part", name)
}

func readPart(f *zip.File, v any) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, maxPartBytes)).Decode(v)
}

// formulaScanner walks a sheet's XML row by row and, for each row, lists
// the cells that hold a formula (<f>) but no saved result (<v>). Such cells
// come from tools that write formulas without computing them; excelize
// returns them as "", indistinguishable from an empty cell, and a silent ""
// where the user sees a value would be a wrong import.
type formulaScanner struct {
	rc   io.ReadCloser
	dec  *xml.Decoder
	row  int   // number of the last row scanned
	cols []int // its formula cells without a result, 0-based
	done bool  // the end of sheetData (or of the part) was reached
}

func newFormulaScanner(part *zip.File) (*formulaScanner, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, err
	}
	return &formulaScanner{rc: rc, dec: xml.NewDecoder(rc)}, nil
}

// at returns the formula cells without a result of row n. Rows must be
// asked for in increasing order, as excelize hands them out.
func (s *formulaScanner) at(n int) ([]int, error) {
	for !s.done && s.row < n {
		if err := s.scanRow(); err != nil {
			return nil, err
		}
	}
	if s.row == n {
		return s.cols, nil
	}
	return nil, nil
}

// finish reads the rest of the part, so that truncated or corrupt XML and
// a bad zip checksum are reported instead of ending the sheet early.
func (s *formulaScanner) finish() error {
	for {
		if _, err := s.dec.RawToken(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

func (s *formulaScanner) scanRow() error {
	for {
		tok, err := s.dec.RawToken() // RawToken: no namespace work, we only need local names
		if errors.Is(err, io.EOF) {
			s.done = true
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "row" {
				s.row++
				if n, err := strconv.Atoi(attr(t, "r")); err == nil && n > 0 {
					s.row = n
				}
				return s.scanCells()
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				s.done = true
				return nil
			}
		}
	}
}

func (s *formulaScanner) scanCells() error {
	s.cols = nil // the previous slice belongs to the caller now
	col := -1
	hasF, hasV := false, false
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				col++
				if ref := attr(t, "r"); ref != "" {
					if c, _, err := excelize.CellNameToCoordinates(ref); err == nil {
						col = c - 1
					}
				}
				hasF, hasV = false, false
			case "f":
				hasF = true
			case "v":
				hasV = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "c":
				if hasF && !hasV {
					s.cols = append(s.cols, col)
				}
			case "row":
				return nil
			}
		}
	}
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
