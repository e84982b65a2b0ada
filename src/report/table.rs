//! A plain-text table whose columns line up by display width, so Chinese
//! text (two columns per character) aligns with ASCII. No colour, no I/O.

use unicode_width::UnicodeWidthStr;

pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns aligned to the right (numbers).
    pub right: Vec<bool>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            right: vec![false; header.len()],
        }
    }

    pub fn align_right(mut self, column: usize) -> Table {
        self.right[column] = true;
        self
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub fn render(&self) -> String {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate().take(columns) {
                if i > 0 {
                    text.push_str("  ");
                }
                let pad = " ".repeat(widths[i] - cell.width());
                if self.right[i] {
                    text.push_str(&pad);
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&pad);
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(&mut out, &self.header);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_by_display_width() {
        let mut t = Table::new(&["id", "名称", "n"]).align_right(2);
        t.push(vec!["S1".into(), "煤业".into(), "5".into()]);
        t.push(vec!["S10".into(), "ab".into(), "120".into()]);
        assert_eq!(t.render(), "id   名称    n\n───  ────  ───\nS1   煤业    5\nS10  ab    120\n");
    }
}
