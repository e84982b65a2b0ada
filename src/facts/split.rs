//! Splitting CSV text into records and cells (切分记录), without copying a cell.
//!
//! A cell is a slice of the chunk it was read from; only a record with a
//! doubled quote (`""` inside a quoted cell) is copied, unescaped. Plain cells
//! and well-formed quoted cells are split here with `memchr` and a byte table.
//! Any other quoting (a quote inside an unquoted cell, text after a closing
//! quote, a quote never closed) is handed to `csv_core`, the state machine of
//! the `csv` crate, so every record comes out exactly as that reader reads it:
//! a test compares the two on every short text of quotes, commas, line breaks
//! and byte-order marks. A byte-order mark is text like any other here (the
//! `csv` crate drops one at the very start of its input): the loader skips the
//! one that begins a file before any record is split (`reader::scan`).
//! Depends on nothing else in `facts`.

/// One record's cells.
#[derive(Default)]
pub struct Cells<'a> {
    /// The text the cells are slices of, unless `owned`.
    text: &'a [u8],
    /// The unescaped cells of a record that needed copying.
    own: Vec<u8>,
    owned: bool,
    /// Each cell's (start, end) in `text` or `own`.
    bounds: Vec<(usize, usize)>,
}

impl<'a> Cells<'a> {
    /// A record of the given cells, copied (as a worksheet's rows are).
    pub fn from_cells<'c>(cells: impl IntoIterator<Item = &'c [u8]>) -> Cells<'a> {
        let mut record = Cells { owned: true, ..Cells::default() };
        for cell in cells {
            let start = record.own.len();
            record.own.extend_from_slice(cell);
            record.bounds.push((start, record.own.len()));
        }
        record
    }

    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let &(start, end) = self.bounds.get(i)?;
        Some(if self.owned { &self.own[start..end] } else { &self.text[start..end] })
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    fn clear(&mut self, text: &'a [u8]) {
        self.text = text;
        self.owned = false;
        self.own.clear();
        self.bounds.clear();
    }
}

/// Bytes that end an unquoted cell, or make it need `csv_core`.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b',' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'"' as usize] = true;
    table
};

/// Splits a CSV text into records, as the `csv` crate reads it (comma
/// separated, `"` quoted with `""` for a quote, any of CR, LF or CRLF ending a
/// record, empty lines skipped, any number of cells per record).
pub struct Splitter<'a> {
    text: &'a [u8],
    at: usize,
    core: csv_core::Reader,
    ends: Vec<usize>,
}

impl<'a> Splitter<'a> {
    pub fn new(text: &'a [u8]) -> Splitter<'a> {
        Splitter { text, at: 0, core: csv_core::Reader::new(), ends: Vec::new() }
    }

    /// Where the last record read ended: at or just after the line break that ends
    /// it (line breaks are skipped before the next record), or the end of the text.
    pub fn position(&self) -> usize {
        self.at
    }

    /// Reads the next record into `cells`; returns the offset its first byte is
    /// at, or `None` at the end of the text.
    pub fn next_into(&mut self, cells: &mut Cells<'a>) -> Option<usize> {
        let text = self.text;
        // Line breaks before a record are empty lines, which are skipped.
        let start = self.at + text[self.at..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
        if start == text.len() {
            self.at = start;
            return None;
        }
        cells.clear(text);
        self.at = match split_plain(text, start, cells) {
            Some(end) => end,
            None => self.split_with_core(start, cells),
        };
        Some(start)
    }

    /// Reads the record at `start` with `csv_core`; returns where it ends.
    fn split_with_core(&mut self, start: usize, cells: &mut Cells<'a>) -> usize {
        use csv_core::ReadRecordResult as Read;
        cells.clear(self.text);
        cells.owned = true;
        self.core.reset();
        let (mut input, mut read, mut written, mut ended) = (&self.text[start..], 0, 0, 0);
        cells.own.resize(64.max(input.len().min(1 << 12)), 0);
        self.ends.resize(16, 0);
        // `csv_core` drops a byte-order mark at the start of what it is first given:
        // given one byte first, it keeps the mark as text, as the fast path does.
        let mut first = true;
        loop {
            let given = if first { &input[..input.len().min(1)] } else { input };
            first = false;
            let (result, nin, nout, nend) =
                self.core.read_record(given, &mut cells.own[written..], &mut self.ends[ended..]);
            (input, read, written, ended) = (&input[nin..], read + nin, written + nout, ended + nend);
            match result {
                // An empty input tells the reader the text has ended.
                Read::InputEmpty => {}
                Read::OutputFull => cells.own.resize(cells.own.len() * 2, 0),
                Read::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                Read::Record | Read::End => break,
            }
        }
        cells.own.truncate(written);
        let mut begin = 0;
        for &end in &self.ends[..ended] {
            cells.bounds.push((begin, end));
            begin = end;
        }
        start + read
    }
}

/// Splits the record at `start` if its quoting is plain; returns the offset of
/// the line break (or end of text) that ends it, or `None` if `csv_core` must.
fn split_plain<'a>(text: &'a [u8], start: usize, cells: &mut Cells<'a>) -> Option<usize> {
    let mut at = start;
    let mut doubled = false;
    loop {
        if text.get(at) == Some(&b'"') {
            // A quoted cell: up to the quote that is not doubled, which must end the cell.
            let mut from = at + 1;
            let close = loop {
                let quote = from + memchr::memchr(b'"', &text[from..])?;
                if text.get(quote + 1) == Some(&b'"') {
                    doubled = true;
                    from = quote + 2;
                } else {
                    break quote;
                }
            };
            cells.bounds.push((at + 1, close));
            at = close + 1;
            if at < text.len() && !matches!(text[at], b',' | b'\r' | b'\n') {
                return None;
            }
        } else {
            let end = at + text[at..].iter().position(|&b| SPECIAL[b as usize]).unwrap_or(text.len() - at);
            if text.get(end) == Some(&b'"') {
                return None;
            }
            cells.bounds.push((at, end));
            at = end;
        }
        if text.get(at) != Some(&b',') {
            break;
        }
        at += 1;
    }
    if doubled {
        unescape(text, cells);
    }
    Some(at)
}

/// Copies a record's cells into `own`, each `""` inside a quoted cell as `"`.
fn unescape(text: &[u8], cells: &mut Cells) {
    for bound in &mut cells.bounds {
        let (start, end) = *bound;
        let quoted = start > 0 && text[start - 1] == b'"';
        let begin = cells.own.len();
        if quoted {
            let mut rest = &text[start..end];
            while let Some(quote) = memchr::memchr(b'"', rest) {
                // Inside a well-formed quoted cell every quote is the first of a pair.
                cells.own.extend_from_slice(&rest[..=quote]);
                rest = &rest[quote + 2..];
            }
            cells.own.extend_from_slice(rest);
        } else {
            cells.own.extend_from_slice(&text[start..end]);
        }
        *bound = (begin, cells.own.len());
    }
    cells.owned = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records as (offset of the first byte, cells), by the splitter.
    fn split(text: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
        let mut splitter = Splitter::new(text);
        let mut cells = Cells::default();
        let mut out = Vec::new();
        while let Some(start) = splitter.next_into(&mut cells) {
            out.push((start, cells.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// The same by the `csv` crate, the reader the splitter must agree with. It is
    /// given a line break first, so that it keeps a byte-order mark as text.
    fn by_csv(text: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
        let given = [b"\n", text].concat();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&given[..]);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let at = record.position().unwrap().byte() as usize;
            let start = at + given[at..].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
            out.push((start - 1, record.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    /// Every text of up to 6 pieces from `a , " \r \n`, a space and a byte-order
    /// mark, and 20,000 longer ones drawn at random (with a Chinese character),
    /// split as the `csv` crate splits them: quoting of every kind, good and bad.
    #[test]
    fn agrees_with_the_csv_crate_on_short_texts() {
        let alphabet: [&[u8]; 8] = [b"a", b",", b"\"", b"\r", b"\n", b" ", b"\xEF\xBB\xBF", "包".as_bytes()];
        let mut text = Vec::new();
        let mut check = |digits: &mut dyn Iterator<Item = usize>, pieces: usize| {
            text.clear();
            for d in digits {
                text.extend_from_slice(alphabet[d % pieces]);
            }
            assert_eq!(split(&text), by_csv(&text), "{:?}", String::from_utf8_lossy(&text));
        };
        let pieces = alphabet.len() - 1;
        for len in 0..=6u32 {
            for n in 0..pieces.pow(len) {
                check(&mut (0..len).map(|k| n / pieces.pow(k)), pieces);
            }
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
        for _ in 0..20_000 {
            let len = 7 + next() % 10;
            check(&mut (0..len).map(|_| next()), alphabet.len());
        }
    }

    #[test]
    fn plain_cells_are_not_copied_and_doubled_quotes_are_unescaped() {
        let text = "S1,\"包头,煤业\",x\r\nS2,\"a\"\"b\"\"\",\n\nS3,\"x\ny\"";
        let mut splitter = Splitter::new(text.as_bytes());
        let mut cells = Cells::default();
        assert_eq!(splitter.next_into(&mut cells), Some(0));
        assert!(!cells.owned);
        assert_eq!(cells.iter().collect::<Vec<_>>(), [&b"S1"[..], "包头,煤业".as_bytes(), b"x"]);
        assert_eq!(splitter.next_into(&mut cells), Some(22));
        assert!(cells.owned);
        assert_eq!(cells.iter().collect::<Vec<_>>(), [&b"S2"[..], b"a\"b\"", b""]);
        splitter.next_into(&mut cells);
        assert_eq!(cells.iter().collect::<Vec<_>>(), [&b"S3"[..], b"x\ny"]);
        assert_eq!(splitter.next_into(&mut cells), None);
    }
}
