//! OSC 52: setting the clipboard through the terminal, which also works over SSH and in tmux.

use std::io::{self, Write};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// `ESC ] 52 ; c ; <base64> BEL`: "put this text on the clipboard". BEL rather than ST ends
/// it because more terminals (and tmux) accept it.
#[must_use]
pub fn osc52(text: &str) -> Vec<u8> {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text)).into_bytes()
}

/// tmux's passthrough (`ESC P tmux; … ESC \`): the inner sequence reaches the outer terminal
/// untouched, each of its ESC bytes doubled.
#[must_use]
pub fn tmux_passthrough(sequence: &[u8]) -> Vec<u8> {
    let mut out = b"\x1bPtmux;".to_vec();
    for &b in sequence {
        if b == 0x1b {
            out.push(0x1b);
        }
        out.push(b);
    }
    out.extend_from_slice(b"\x1b\\");
    out
}

/// The bytes that put `text` on the clipboard. Inside tmux both forms are sent: tmux itself
/// takes the plain one when `set-clipboard on`, the wrapped one reaches the outer terminal
/// when `allow-passthrough on`; whichever the user's tmux allows does the job.
#[must_use]
pub fn sequence(text: &str, in_tmux: bool) -> Vec<u8> {
    let plain = osc52(text);
    if in_tmux {
        let mut out = plain.clone();
        out.extend(tmux_passthrough(&plain));
        out
    } else {
        plain
    }
}

/// Whether we run inside tmux (`$TMUX` is set and not empty).
#[must_use]
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// Writes the copy sequence to the terminal the UI draws on.
///
/// # Errors
/// Write failures.
pub fn copy(out: &mut dyn Write, text: &str, in_tmux: bool) -> io::Result<()> {
    out.write_all(&sequence(text, in_tmux))?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_osc52_bytes() {
        // base64("i-bp1abc") = "aS1icDFhYmM="
        assert_eq!(osc52("i-bp1abc"), b"\x1b]52;c;aS1icDFhYmM=\x07");
        assert_eq!(sequence("i-bp1abc", false), b"\x1b]52;c;aS1icDFhYmM=\x07");
    }

    #[test]
    fn tmux_gets_the_plain_form_and_the_passthrough_with_doubled_escapes() {
        let want: &[u8] =
            b"\x1b]52;c;aS1icDFhYmM=\x07\x1bPtmux;\x1b\x1b]52;c;aS1icDFhYmM=\x07\x1b\\";
        assert_eq!(sequence("i-bp1abc", true), want);
    }

    #[test]
    fn text_never_appears_raw_so_it_cannot_end_the_sequence() {
        let bytes = sequence("evil\x07\x1b]0;title\x07", true);
        assert!(!bytes.windows(4).any(|w| w == b"evil"));
        let mut out = Vec::new();
        copy(&mut out, "x", false).expect("writes");
        assert_eq!(out, b"\x1b]52;c;eA==\x07");
    }
}
