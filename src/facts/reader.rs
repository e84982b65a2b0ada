//! The chunked CSV reader (分块读取): splits one CSV text into chunks at record
//! boundaries so that every core can parse a chunk on its own, and yields each
//! chunk's records with the line numbers an editor shows. It knows nothing of
//! subjects or events: the schema and the parsing are the caller's.
//!
//! A file is read twice, in blocks, and never held whole: a scan finds, for
//! every block in parallel, its quotes, line breaks and UTF-8 validity, and
//! where the first record starts in it under either quote parity (the trick of
//! DuckDB's and polars' parallel readers); a prefix sum over the blocks then
//! picks the true boundaries. The parse reads each chunk again, on any core.
//! Depends on `pool` and `split`.

use super::pool;
use super::split::{Cells, Splitter};
use std::io;

/// The bytes of one CSV text: a file on disk (read in pieces) or text in memory.
pub enum Input<'a> {
    File { file: std::fs::File, len: u64 },
    Bytes(&'a [u8]),
}

impl Input<'_> {
    pub fn len(&self) -> u64 {
        match self {
            Input::File { len, .. } => *len,
            Input::Bytes(bytes) => bytes.len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` with the bytes `start..end` (clamped to the end), read into `buffer` if need be.
    pub fn with_range<T>(
        &self,
        start: u64,
        end: u64,
        buffer: &mut Vec<u8>,
        f: impl FnOnce(&[u8]) -> T,
    ) -> io::Result<T> {
        let end = end.min(self.len());
        let start = start.min(end);
        match self {
            Input::Bytes(bytes) => Ok(f(&bytes[start as usize..end as usize])),
            Input::File { file, .. } => {
                buffer.clear();
                buffer.resize((end - start) as usize, 0);
                read_exact_at(file, buffer, start)?;
                Ok(f(buffer))
            }
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(not(unix))]
fn read_exact_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(buffer)
}

/// What one pass over a CSV text tells before it is parsed.
#[derive(Debug, Default)]
pub struct Scan {
    /// Valid UTF-8 throughout (after a UTF-8 BOM, if any).
    pub utf8: bool,
    /// Starts with a UTF-8 BOM (3 bytes, skipped).
    pub bom: bool,
    /// Starts with a UTF-16 BOM: not scanned further.
    pub utf16: bool,
    /// Nothing but white space.
    pub blank: bool,
    /// An odd number of `"`: some quoted cell is never closed.
    pub odd_quotes: bool,
    /// Line breaks (`\n`): an upper bound on the rows, to reserve room.
    pub lines: usize,
    /// Lines end in CR alone (as classic Mac Excel saves CSV): there is a CR and no LF.
    pub cr_only: bool,
    /// Where records may start, in order: (byte offset, line number there).
    /// Every one is just after a line break outside quotes.
    pub boundaries: Vec<(u64, u32)>,
}

/// What the scan learns of one block.
struct Block {
    quotes: u64,
    newlines: u32,
    carriage_returns: bool,
    utf8: bool,
    blank: bool,
    /// For the quote parity at the block's start (even, odd): the offset just after
    /// the first line break outside quotes, and the line breaks before that offset.
    first_record: [Option<(u64, u32)>; 2],
    /// For either parity: a quote where counting quotes would misread the CSV
    /// (one inside an unquoted cell, or text after a closing quote).
    irregular: [bool; 2],
}

/// Scans `input` in blocks of `block` bytes on `threads` threads.
pub fn scan(input: &Input, block: u64, threads: usize) -> io::Result<Scan> {
    let mut head = Vec::new();
    let (bom, utf16) = input.with_range(0, 3, &mut head, |b| {
        (b.starts_with(b"\xEF\xBB\xBF"), b.starts_with(b"\xFF\xFE") || b.starts_with(b"\xFE\xFF"))
    })?;
    if utf16 {
        return Ok(Scan { bom, utf16, ..Scan::default() });
    }
    let start = if bom { 3 } else { 0 };
    let block = block.max(1);
    let blocks = (input.len() - start).div_ceil(block) as usize;
    let mut stats = Vec::with_capacity(blocks);
    let mut failed = None;
    pool::ordered(
        blocks,
        threads,
        Vec::new,
        |i, buffer| {
            let from = start + i as u64 * block;
            let to = (from + block).min(input.len());
            // One byte before, to see what precedes a quote; up to 3 after, to finish
            // a character that straddles the end and see what follows a quote.
            let before = u64::from(from > start);
            input.with_range(from - before, to + 3, buffer, |bytes| {
                let window = Window { bytes, before: before as usize, len: (to - from) as usize, offset: from };
                scan_block(&window, to == input.len())
            })
        },
        |_, result| match result {
            Ok(block) => stats.push(block),
            Err(e) => failed = Some(e),
        },
    );
    if let Some(e) = failed {
        return Err(e);
    }
    let (mut quotes, mut newlines) = (0u64, 0u32);
    let mut scan = Scan { utf8: true, bom, blank: true, ..Scan::default() };
    let mut carriage_returns = false;
    let mut regular = true;
    for b in &stats {
        let parity = (quotes % 2) as usize;
        if let Some((offset, breaks)) = b.first_record[parity] {
            // The line there is 1 + the line breaks before it, this block's included.
            scan.boundaries.push((offset, newlines + breaks + 2));
        }
        regular &= !b.irregular[parity];
        quotes += b.quotes;
        newlines += b.newlines;
        scan.utf8 &= b.utf8;
        scan.blank &= b.blank;
        carriage_returns |= b.carriage_returns;
    }
    if !regular {
        // Quotes that the CSV reader takes literally: only a pass from the start can
        // tell where records begin, so the text is read as one chunk.
        scan.boundaries.clear();
    }
    scan.odd_quotes = quotes % 2 == 1;
    scan.lines = newlines as usize;
    scan.cr_only = carriage_returns && newlines == 0;
    Ok(scan)
}

/// A block and a little around it: `bytes[before..before + len]` is the block,
/// which starts at byte `offset` of the input.
struct Window<'b> {
    bytes: &'b [u8],
    before: usize,
    len: usize,
    offset: u64,
}

fn scan_block(w: &Window, last: bool) -> Block {
    let own = &w.bytes[w.before..w.before + w.len];
    let after = &w.bytes[w.before + w.len..];
    let quotes = memchr::memchr_iter(b'"', own).count() as u64;
    let newlines = memchr::memchr_iter(b'\n', own).count() as u32;
    // A character belongs to the block its first byte is in: skip continuation
    // bytes at the start (the block before validates them), finish the last one.
    let is_continuation = |b: &u8| (0x80..0xC0).contains(b);
    let first = w.before == 0;
    let from = if first { 0 } else { own.iter().take_while(|b| is_continuation(b)).count() };
    let to = w.len + after.iter().take_while(|b| is_continuation(b)).count();
    let utf8 = from <= 3 && (from == w.len || simdutf8::basic::from_utf8(&own_and_after(w)[from..to]).is_ok());
    let blank = own.iter().all(|b| b.is_ascii_whitespace());
    let first_record = [0, 1].map(|parity| {
        let mut inside = parity == 1;
        let mut breaks = 0;
        for at in memchr::memchr2_iter(b'"', b'\n', own) {
            if own[at] == b'"' {
                inside = !inside;
            } else if inside {
                breaks += 1;
            } else {
                return Some((w.offset + at as u64 + 1, breaks));
            }
        }
        None
    });
    // Around each quote, under either parity: an opening quote must start a cell, and
    // a closing one must end it (or be the first of a doubled quote).
    let mut irregular = [false; 2];
    let byte_at = |i: usize| w.bytes.get(w.before + i).copied();
    for (n, at) in memchr::memchr_iter(b'"', own).enumerate() {
        let previous = if at == 0 && first { None } else { Some(w.bytes[w.before + at - 1]) };
        let next = byte_at(at + 1);
        let opens_well = matches!(previous, None | Some(b',' | b'\n' | b'\r' | b'"'));
        let closes_well = matches!(next, Some(b',' | b'\n' | b'\r' | b'"')) || next.is_none() && last;
        for (parity, flag) in irregular.iter_mut().enumerate() {
            let opening = (parity + n) % 2 == 0;
            *flag |= if opening { !opens_well } else { !closes_well };
        }
    }
    let carriage_returns = newlines == 0 && memchr::memchr(b'\r', own).is_some();
    Block { quotes, newlines, carriage_returns, utf8, blank, first_record, irregular }
}

fn own_and_after<'b>(w: &Window<'b>) -> &'b [u8] {
    &w.bytes[w.before..]
}

/// The header of a CSV text and where its data rows begin.
pub struct Head {
    /// The header cells, trimmed.
    pub names: Vec<String>,
    /// The header's line (blank lines before it count).
    pub line: u32,
    /// The byte offset of the first data row, and its line.
    pub data: (u64, u32),
}

/// Reads the header record: the first record at or after `start`. `None` if there is none.
pub fn head(input: &Input, start: u64) -> io::Result<Option<Head>> {
    let mut buffer = Vec::new();
    let mut want = 1 << 16;
    loop {
        let end = (start + want).min(input.len());
        let found = input.with_range(start, end, &mut buffer, |bytes| {
            // A second byte-order mark (a file saved twice with one) is skipped as the first was.
            let skip = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
            let mut splitter = Splitter::new(&bytes[skip..]);
            let mut record = Cells::default();
            let Some(begin) = splitter.next_into(&mut record) else {
                // Nothing but line breaks so far: the header may still come.
                return (end == input.len()).then_some(None);
            };
            let (begin, after) = (skip + begin, skip + splitter.position());
            // Complete only if the record ended before the bytes did (or the input ends).
            let complete = after < bytes.len() || end == input.len();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..begin]).count() as u32;
            let lines_to_data = memchr::memchr_iter(b'\n', &bytes[..after]).count() as u32;
            let names = record.iter().map(|cell| String::from_utf8_lossy(cell).trim().to_string()).collect();
            complete.then_some(Some(Head { names, line, data: (start + after as u64, 1 + lines_to_data) }))
        })?;
        match found {
            Some(head) => return Ok(head),
            None => want *= 4,
        }
    }
}

/// A piece of a CSV text that starts at a record boundary.
#[derive(Clone, Copy, Debug)]
pub struct Chunk {
    pub start: u64,
    pub end: u64,
    /// The line number at `start`.
    pub line: u32,
}

/// Splits `from..len` at the scanned boundaries into chunks of at least `size` bytes.
pub fn chunks(scan: &Scan, from: (u64, u32), len: u64, size: u64) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let (mut start, mut line) = from;
    for &(offset, at_line) in &scan.boundaries {
        if offset > start && offset - start >= size && offset < len {
            chunks.push(Chunk { start, end: offset, line });
            (start, line) = (offset, at_line);
        }
    }
    if start < len || chunks.is_empty() {
        chunks.push(Chunk { start, end: len, line });
    }
    chunks
}

/// One record of a chunk.
pub enum Record<'r, 'a> {
    Row(&'r Cells<'a>),
    /// Every cell empty or white space.
    Blank,
}

/// Calls `f(line, record)` for each record of `bytes`, a chunk whose first line is
/// `first_line`. The line of a record is the one its first byte is on, as an
/// editor counts lines.
///
/// Each record is shown to `ahead` first, [`LOOK_AHEAD`] records before `f` gets
/// it: the caller can start fetching what the record will need from memory.
pub fn records<'a>(
    bytes: &'a [u8],
    first_line: u32,
    mut ahead: impl FnMut(&Cells<'a>),
    mut f: impl FnMut(u32, Record<'_, 'a>),
) {
    let mut splitter = Splitter::new(bytes);
    let (mut counted_to, mut line) = (0usize, first_line);
    // Records read but not yet handed to `f`, oldest first; `spare` keeps the
    // allocations of records handed over, for reuse.
    let mut pending: std::collections::VecDeque<(u32, Cells<'a>)> =
        std::collections::VecDeque::with_capacity(LOOK_AHEAD + 1);
    let mut spare: Vec<Cells<'a>> = Vec::new();
    let mut hand_over = |(line, cells): (u32, Cells<'a>), spare: &mut Vec<Cells<'a>>| {
        let blank = cells.iter().all(|cell| cell.iter().all(|b| b.is_ascii_whitespace()));
        f(line, if blank { Record::Blank } else { Record::Row(&cells) });
        spare.push(cells);
    };
    loop {
        let mut cells = spare.pop().unwrap_or_default();
        let Some(start) = splitter.next_into(&mut cells) else { break };
        ahead(&cells);
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count() as u32;
        counted_to = start;
        pending.push_back((line, cells));
        if pending.len() > LOOK_AHEAD {
            let oldest = pending.pop_front().expect("more than LOOK_AHEAD pending");
            hand_over(oldest, &mut spare);
        }
    }
    for read in pending {
        hand_over(read, &mut spare);
    }
}

/// How many records [`records`] reads ahead of the one it hands over.
pub const LOOK_AHEAD: usize = 16;

/// The line on which a never-closed quoted cell starts, if any.
pub fn unclosed_quote(input: &Input) -> io::Result<Option<u32>> {
    let (mut line, mut open_line, mut inside) = (1u32, 0u32, false);
    let mut buffer = Vec::new();
    let block = 1 << 20;
    let mut at = 0;
    while at < input.len() {
        input.with_range(at, at + block, &mut buffer, |bytes| {
            for position in memchr::memchr2_iter(b'"', b'\n', bytes) {
                if bytes[position] == b'"' {
                    inside = !inside;
                    if inside {
                        open_line = line;
                    }
                } else {
                    line += 1;
                }
            }
        })?;
        at += block;
    }
    Ok(inside.then_some(open_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str, size: u64, block: u64) -> Vec<(u32, String)> {
        let input = Input::Bytes(text.as_bytes());
        let scan = scan(&input, block, 2).unwrap();
        let head = head(&input, 0).unwrap().unwrap();
        let mut out = vec![(head.line, head.names.join("|"))];
        for chunk in chunks(&scan, head.data, input.len(), size) {
            let bytes = &text.as_bytes()[chunk.start as usize..chunk.end as usize];
            records(
                bytes,
                chunk.line,
                |_| {},
                |line, record| {
                    let shown = match record {
                        Record::Row(r) => {
                            r.iter().map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("|")
                        }
                        Record::Blank => "<blank>".into(),
                    };
                    out.push((line, shown));
                },
            );
        }
        out
    }

    /// Every chunk size and block size gives the records and lines of one pass,
    /// with quoted line breaks, CRLF, blank lines and multi-byte text.
    #[test]
    fn any_chunking_gives_the_same_records_and_lines() {
        let text = "\r\nid,name\r\nS1,\"包头\r\n煤业\"\r\n\r\nS2,\"a,\"\"b\"\"\"\n,\nS3,昆区\nS4,\"x\ny\nz\"\nS5,end";
        let whole = lines_of(text, u64::MAX, 1 << 20);
        assert_eq!(
            whole,
            [
                (2, "id|name"),
                (3, "S1|包头\r\n煤业"),
                (6, "S2|a,\"b\""),
                (7, "<blank>"),
                (8, "S3|昆区"),
                (9, "S4|x\ny\nz"),
                (12, "S5|end")
            ]
            .map(|(l, s)| (l, s.to_string()))
        );
        for size in 1..8 {
            for block in 1..12 {
                assert_eq!(lines_of(text, size, block), whole, "chunks of {size}, blocks of {block}");
            }
        }
    }

    #[test]
    fn a_second_byte_order_mark_is_not_part_of_the_header() {
        for text in ["\u{feff}\u{feff}id,name\nS1,x\n", "\u{feff}\u{feff}\"id\",\"name\"\r\nS1,x\n"] {
            let head = head(&Input::Bytes(text.as_bytes()), 3).unwrap().unwrap();
            assert_eq!((head.names, head.line), (vec!["id".to_string(), "name".to_string()], 1), "{text:?}");
        }
    }

    /// A header after more than the first piece read of blank lines is found.
    #[test]
    fn a_header_after_many_blank_lines() {
        let text = format!("{}id,name\nS1,x\n", "\n".repeat(100_000));
        let head = head(&Input::Bytes(text.as_bytes()), 0).unwrap().unwrap();
        assert_eq!(
            (head.names, head.line, head.data.1),
            (vec!["id".to_string(), "name".to_string()], 100_001, 100_001)
        );
    }

    #[test]
    fn scan_finds_encoding_and_quotes() {
        let s = scan(&Input::Bytes("\u{feff}id\n\"S1\n".as_bytes()), 2, 2).unwrap();
        assert!(s.utf8 && s.bom && s.odd_quotes && !s.blank);
        assert_eq!(unclosed_quote(&Input::Bytes(b"id\nS0\n\"S1\nS2\n")).unwrap(), Some(3));
        let gbk = encoding_rs::GB18030.encode("id,名称\nS1,煤矿\n").0.into_owned();
        for block in 1..6 {
            assert!(!scan(&Input::Bytes(&gbk), block, 2).unwrap().utf8, "blocks of {block}");
            assert!(scan(&Input::Bytes("id,名称\nS1,煤矿\n".as_bytes()), block, 2).unwrap().utf8, "blocks of {block}");
        }
        assert!(scan(&Input::Bytes(b" \r\n \n"), 2, 2).unwrap().blank);
    }
}
