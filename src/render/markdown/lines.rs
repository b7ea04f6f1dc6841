//! Lines of a body, for messages: finding the line of a place in the text
//! is a search, not a count from the start, so long pages stay linear.

/// Where each line of a body starts.
pub struct Lines {
    /// Offsets of the body's line breaks.
    breaks: Vec<usize>,
    /// The file's line number of the body's first line.
    first_line: usize,
}

impl Lines {
    pub fn new(body: &str, first_line: usize) -> Lines {
        Lines {
            breaks: memchr::memchr_iter(b'\n', body.as_bytes()).collect(),
            first_line,
        }
    }

    /// The file's line number of the byte at `offset` in the body.
    pub fn at(&self, offset: usize) -> usize {
        self.first_line + self.breaks.partition_point(|&at| at < offset)
    }

    /// The file's line and column (1-based, in characters) of the byte at
    /// `offset` in `body`, the text these lines were read from.
    pub fn place(&self, body: &str, offset: usize) -> (usize, usize) {
        let index = self.breaks.partition_point(|&at| at < offset);
        let line_start = index
            .checked_sub(1)
            .map_or(0, |before| self.breaks[before] + 1);
        let column = body
            .get(line_start..offset.min(body.len()))
            .map_or(0, |before| before.chars().count());
        (self.first_line + index, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn offsets_find_their_lines() {
        let lines = Lines::new("mot\nhai\n\nbon", 5);
        assert_eq!(lines.at(0), 5);
        assert_eq!(lines.at(3), 5, "the line break belongs to its line");
        assert_eq!(lines.at(4), 6);
        assert_eq!(lines.at(8), 7);
        assert_eq!(lines.at(9), 8);
        assert_eq!(lines.at(1000), 8);
        let body = "ab\nđây x";
        let own = Lines::new(body, 5);
        assert_eq!(own.place(body, 0), (5, 1));
        assert_eq!(own.place(body, 9), (6, 5), "columns count characters");
    }
}
