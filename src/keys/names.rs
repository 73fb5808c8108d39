//! Key names as a config writes them (`ctrl-x`, `shift-tab`, `f5`, `space`, `pgdn`; the
//! crossterm and k9s spellings), to a [`Key`] and back. The `[keys]` config table reads them.

use crossterm::event::KeyCode;

use super::Key;

/// The named keys, each with the spellings accepted for it; the first is the one printed.
const NAMED: &[(&[&str], KeyCode)] = &[
    (&["enter", "return"], KeyCode::Enter),
    (&["esc", "escape"], KeyCode::Esc),
    (&["tab"], KeyCode::Tab),
    (&["shift-tab", "backtab"], KeyCode::BackTab),
    (&["backspace", "bs"], KeyCode::Backspace),
    (&["delete", "del"], KeyCode::Delete),
    (&["insert", "ins"], KeyCode::Insert),
    (&["space"], KeyCode::Char(' ')),
    (&["up"], KeyCode::Up),
    (&["down"], KeyCode::Down),
    (&["left"], KeyCode::Left),
    (&["right"], KeyCode::Right),
    (&["home"], KeyCode::Home),
    (&["end"], KeyCode::End),
    (&["pgup", "pageup"], KeyCode::PageUp),
    (&["pgdn", "pagedown"], KeyCode::PageDown),
];

/// `text` as a key: one character (`r`, `R`, `/`), a named key, `f1`–`f12`, or `ctrl-` before
/// either. Case matters for a single character (`R` is shift-r) and nowhere else.
///
/// # Errors
/// A name that is none of these, with what is accepted.
pub fn parse(text: &str) -> Result<Key, String> {
    let lower = text.to_ascii_lowercase();
    let (ctrl, rest, rest_lower) = match lower.strip_prefix("ctrl-") {
        Some(rest_lower) => (true, &text["ctrl-".len()..], rest_lower.to_owned()),
        None => (false, text, lower.clone()),
    };
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        // `ctrl-R` is what a terminal sends for `ctrl-r`.
        let c = if ctrl { c.to_ascii_lowercase() } else { c };
        return Ok(Key {
            code: KeyCode::Char(c),
            ctrl,
        });
    }
    if let Some(n) = rest_lower
        .strip_prefix('f')
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=12).contains(n))
    {
        return Ok(Key {
            code: KeyCode::F(n),
            ctrl,
        });
    }
    NAMED
        .iter()
        .find(|(names, _)| names.contains(&rest_lower.as_str()))
        .map(|&(_, code)| Key { code, ctrl })
        .ok_or_else(|| {
            format!(
                "unknown key `{text}`: a character, f1-f12, {}, or ctrl- before one",
                NAMED
                    .iter()
                    .map(|(names, _)| names[0])
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// The config spelling of `key`, which [`parse`] reads back.
#[must_use]
pub fn name(key: Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("f{n}"),
        code => NAMED.iter().find(|(_, c)| *c == code).map_or_else(
            || format!("{code:?}").to_lowercase(),
            |(names, _)| names[0].to_owned(),
        ),
    };
    if key.ctrl {
        format!("ctrl-{base}")
    } else {
        base
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn k(code: KeyCode, ctrl: bool) -> Key {
        Key { code, ctrl }
    }

    #[test]
    fn the_spellings_of_k9s_and_crossterm_are_read() {
        assert_eq!(parse("r"), Ok(k(KeyCode::Char('r'), false)));
        assert_eq!(parse("R"), Ok(k(KeyCode::Char('R'), false)));
        assert_eq!(parse("ctrl-p"), Ok(k(KeyCode::Char('p'), true)));
        assert_eq!(parse("Ctrl-P"), Ok(k(KeyCode::Char('p'), true)));
        assert_eq!(parse("F5"), Ok(k(KeyCode::F(5), false)));
        assert_eq!(parse("shift-tab"), Ok(k(KeyCode::BackTab, false)));
        assert_eq!(parse("space"), Ok(k(KeyCode::Char(' '), false)));
        assert_eq!(parse("pgdn"), Ok(k(KeyCode::PageDown, false)));
        assert_eq!(parse("PageDown"), Ok(k(KeyCode::PageDown, false)));
        assert_eq!(parse("enter"), Ok(k(KeyCode::Enter, false)));
        assert_eq!(parse("ctrl-enter"), Ok(k(KeyCode::Enter, true)));
        assert_eq!(parse("/"), Ok(k(KeyCode::Char('/'), false)));
        assert_eq!(parse("华"), Ok(k(KeyCode::Char('华'), false)));
    }

    #[test]
    fn a_name_that_is_no_key_says_what_is() {
        for wrong in ["", "ctrl-", "f13", "f0", "hyper-x", "enterr", "ctrl-alt-x"] {
            let e = parse(wrong).unwrap_err();
            assert!(e.contains(&format!("`{wrong}`")), "{e}");
            assert!(e.contains("f1-f12") && e.contains("pgdn"), "{e}");
        }
    }

    #[test]
    fn every_name_reads_back_as_its_key() {
        let keys = NAMED
            .iter()
            .map(|&(_, code)| code)
            .chain((1..=12).map(KeyCode::F))
            .chain("aZ/?0!".chars().map(KeyCode::Char));
        for code in keys {
            for ctrl in [false, true] {
                // With ctrl, a letter is the same key in either case.
                let code = match code {
                    KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                    code => code,
                };
                let key = k(code, ctrl);
                assert_eq!(parse(&name(key)), Ok(key), "{}", name(key));
            }
        }
    }
}
