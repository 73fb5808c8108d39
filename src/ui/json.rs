//! Colours for one line of pretty-printed JSON: keys, strings, numbers, true/false/null.

use ratatui::style::{Color, Style};

pub fn key() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn string() -> Style {
    Style::new().fg(Color::Green)
}

pub fn number() -> Style {
    Style::new().fg(Color::Magenta)
}

pub fn literal() -> Style {
    Style::new().fg(Color::Yellow)
}

/// The line cut into runs of one style each. serde_json's pretty printer puts at most one
/// `"key": value` on a line, so a small scanner is enough; anything it does not know stays
/// plain.
#[must_use]
pub fn highlight(line: &str) -> Vec<(String, Style)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<(String, Style)> = Vec::new();
    let mut push = |text: String, style: Style| {
        if !text.is_empty() {
            out.push((text, style));
        }
    };
    let mut i = 0;
    let mut plain = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            let text: String = chars[start..i].iter().collect();
            // A string followed by ':' is a key.
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let style = if chars.get(j) == Some(&':') {
                key()
            } else {
                string()
            };
            push(std::mem::take(&mut plain), Style::new());
            push(text, style);
        } else if c == '-' || c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && matches!(chars[i], '-' | '+' | '.' | 'e' | 'E' | '0'..='9') {
                i += 1;
            }
            push(std::mem::take(&mut plain), Style::new());
            push(chars[start..i].iter().collect(), number());
        } else if let Some(word) = ["true", "false", "null"]
            .into_iter()
            .find(|w| chars[i..].iter().take(w.len()).copied().eq(w.chars()))
        {
            push(std::mem::take(&mut plain), Style::new());
            push(word.to_owned(), literal());
            i += word.len();
        } else {
            plain.push(c);
            i += 1;
        }
    }
    push(plain, Style::new());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(line: &str) -> Vec<(String, Style)> {
        highlight(line)
    }

    #[test]
    fn keys_strings_numbers_and_literals_differ() {
        assert_eq!(
            styles(r#"  "Cpu": 2,"#),
            vec![
                ("  ".into(), Style::new()),
                (r#""Cpu""#.into(), key()),
                (": ".into(), Style::new()),
                ("2".into(), number()),
                (",".into(), Style::new()),
            ]
        );
        assert_eq!(
            styles(r#"    "Name": "a \"b\": c","#)[2..4],
            [
                (": ".into(), Style::new()),
                (r#""a \"b\": c""#.into(), string())
            ]
        );
        assert_eq!(styles(r#""x": -1.5e3"#)[2], ("-1.5e3".into(), number()));
        assert_eq!(styles(r#""x": true"#)[2], ("true".into(), literal()));
        assert_eq!(styles("  null")[1], ("null".into(), literal()));
        assert_eq!(styles("  },")[0], ("  },".into(), Style::new()));
    }

    #[test]
    fn the_four_kinds_have_four_colours() {
        let colours = [key().fg, string().fg, number().fg, literal().fg];
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn text_is_kept_whole() {
        let line = r#"      "Tag": [{"TagKey": "env", "TagValue": 12}] trailing"#;
        let joined: String = highlight(line).into_iter().map(|(t, _)| t).collect();
        assert_eq!(joined, line);
    }
}
