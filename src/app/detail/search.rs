//! `/`, `n` and `N` in the describe and JSON views: typing, finding lines, stepping through.

use super::Search;
use crate::app::{App, Command, FlashLevel};

impl App {
    pub(in crate::app) fn search_start(&mut self) -> Vec<Command> {
        self.with_search(|s| s.input = Some(String::new()));
        Vec::new()
    }

    pub(in crate::app) fn search_input(&mut self, c: char) -> Vec<Command> {
        self.with_search(|s| {
            if let Some(input) = s.input.as_mut() {
                input.push(c);
            }
        });
        Vec::new()
    }

    pub(in crate::app) fn search_backspace(&mut self) -> Vec<Command> {
        self.with_search(|s| {
            if let Some(input) = s.input.as_mut() {
                input.pop();
            }
        });
        Vec::new()
    }

    /// Enter: find every line with the text (ignoring case), go to the first at or after
    /// the top of the screen.
    pub(in crate::app) fn search_submit(&mut self) -> Vec<Command> {
        let Some(query) = self.detail.as_mut().and_then(|d| d.search.input.take()) else {
            return Vec::new();
        };
        if query.is_empty() {
            self.with_search(|s| *s = Search::default());
            return Vec::new();
        }
        let matches = self.find_matches(&query);
        let scroll = self.detail.as_ref().map_or(0, |d| d.scroll);
        let current =
            (!matches.is_empty()).then(|| matches.iter().position(|&m| m >= scroll).unwrap_or(0));
        let first = current.map(|c| matches[c]);
        if matches.is_empty() {
            self.flash(FlashLevel::Warn, format!("no match for “{query}”"));
        }
        self.with_search(|s| {
            *s = Search {
                input: None,
                query,
                matches,
                current,
            };
        });
        if let Some(line) = first {
            self.reveal(line);
        }
        Vec::new()
    }

    /// The lines that contain `query`, ignoring case.
    fn find_matches(&self, query: &str) -> Vec<usize> {
        let needle = query.to_lowercase();
        self.detail_texts()
            .iter()
            .enumerate()
            .filter(|(_, t)| t.to_lowercase().contains(&needle))
            .map(|(n, _)| n)
            .collect()
    }

    /// `n` (forward) and `N` (back), wrapping around.
    pub(in crate::app) fn search_step(&mut self, forward: bool) -> Vec<Command> {
        let query = match &self.detail {
            Some(d) if !d.search.query.is_empty() => d.search.query.clone(),
            _ => return Vec::new(),
        };
        // Parts that arrived since the search moved lines: look again.
        let matches = self.find_matches(&query);
        let Some(d) = self.detail.as_mut() else {
            return Vec::new();
        };
        d.search.matches = matches;
        let count = d.search.matches.len();
        if count == 0 {
            self.flash(FlashLevel::Warn, format!("no match for “{query}”"));
            return Vec::new();
        }
        let next = match (d.search.current, forward) {
            (None, _) => 0,
            (Some(c), true) => (c + 1) % count,
            (Some(c), false) => (c + count - 1) % count,
        };
        d.search.current = Some(next);
        let line = d.search.matches[next];
        self.reveal(line);
        Vec::new()
    }
}
