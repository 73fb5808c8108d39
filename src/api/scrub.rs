//! Scrubbing the AccessKey secret and the STS token out of every string a server sends back.
//!
//! A server or a proxy may echo what it was sent: `SignatureDoesNotMatch` quotes its string to
//! sign (the token percent-encoded twice), error pages quote the URL, a hostile endpoint may
//! put the token in the error Code, the RequestId or a header. Every such string goes through
//! [`Scrubber::scrub`] before it is stored in an [`Error`] or logged.

use std::collections::{HashMap, HashSet};
use std::fmt;

use base64::Engine as _;

use super::error::Error;
use super::sign;
use crate::credentials::Credentials;

/// What stands where a secret was.
pub const REDACTED: &str = "<redacted>";

/// Any run of this many characters of a secret (in any of its forms) is taken out, so a secret
/// cut short by the server, a proxy or an excerpt cannot leave a readable piece behind.
pub const PIECE: usize = 12;

/// Shorter secrets would match ordinary words; real secrets and tokens are far longer.
const MIN_SECRET_LEN: usize = 6;

/// Removes the secret and the token, in every encoding the client itself produces and a server
/// could echo, plus any `Signature=` / `SecurityToken=` query value.
#[derive(Default, Clone)]
pub struct Scrubber {
    /// Window length -> every window of that length of every form of every secret, in the
    /// normalised spelling of [`normalise`]. A form shorter than [`PIECE`] is one window.
    windows: HashMap<usize, HashSet<String>>,
    /// The longest form, so an excerpt scrubbed before it is cut needs only this much more.
    longest: usize,
}

impl fmt::Debug for Scrubber {
    // The windows are pieces of the secrets: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field(
                "pieces",
                &self.windows.values().map(HashSet::len).sum::<usize>(),
            )
            .finish()
    }
}

impl Scrubber {
    /// A scrubber for the secret and token of `creds` (the AccessKey id is not a secret).
    #[must_use]
    pub fn new(creds: &Credentials) -> Self {
        let secrets = std::iter::once(creds.access_key_secret.expose())
            .chain(creds.security_token.as_ref().map(|t| t.expose()));
        Self::for_secrets(secrets)
    }

    /// A scrubber for these secret strings.
    #[must_use]
    pub fn for_secrets<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut scrubber = Scrubber::default();
        for secret in secrets {
            if secret.chars().count() < MIN_SECRET_LEN {
                continue;
            }
            for form in forms(secret) {
                let chars: Vec<char> = normalise(&form);
                scrubber.longest = scrubber.longest.max(chars.len());
                let width = chars.len().min(PIECE);
                let set = scrubber.windows.entry(width).or_default();
                for window in chars.windows(width) {
                    set.insert(window.iter().collect());
                }
            }
        }
        scrubber
    }

    /// `text` with every piece of a secret, and every `Signature=`/`SecurityToken=` value,
    /// replaced by `<redacted>`.
    #[must_use]
    pub fn scrub(&self, text: &str) -> String {
        let out = self.scrub_pieces(text);
        scrub_param(&scrub_param(&out, "Signature="), "SecurityToken=")
    }

    /// At most `max` characters of `text` (whitespace runs as one space), scrubbed before it
    /// is cut, so the cut can never leave part of a secret standing.
    #[must_use]
    pub fn excerpt(&self, text: &str, max: usize) -> String {
        // Only the start is shown: scrub just enough of it that a secret overlapping the
        // cut is seen whole (a body may be megabytes).
        let wanted = max + self.longest + 64;
        let mut head = String::new();
        for word in text.split_whitespace() {
            if !head.is_empty() {
                head.push(' ');
            }
            head.push_str(word);
            if head.len() >= wanted * 4 {
                break;
            }
        }
        let clean = self.scrub(&head);
        cut_keeping_markers(&clean, max)
    }

    /// `error` with every string that came from the server (and every detail) scrubbed.
    #[must_use]
    pub fn error(&self, error: Error) -> Error {
        let s = |text: String| self.scrub(&text);
        match error {
            Error::Api(mut e) => {
                e.code = s(e.code);
                e.message = s(e.message);
                e.request_id = s(e.request_id);
                e.host_id = s(e.host_id);
                e.recommend = s(e.recommend);
                Error::Api(e)
            }
            Error::Transport {
                kind,
                action,
                host,
                detail,
            } => Error::Transport {
                kind,
                action,
                host,
                detail: s(detail),
            },
            Error::Decode {
                action,
                host,
                http_status,
                request_id,
                detail,
            } => Error::Decode {
                action,
                host,
                http_status,
                request_id: s(request_id),
                detail: s(detail),
            },
            Error::Endpoint { url, reason } => Error::Endpoint {
                url: s(url),
                reason: s(reason),
            },
            Error::Credentials(text) => Error::Credentials(s(text)),
        }
    }

    fn scrub_pieces(&self, text: &str) -> String {
        if self.windows.is_empty() {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let norm = normalise(text);
        let mut covered = vec![false; chars.len()];
        let mut window = String::new();
        for (&width, set) in &self.windows {
            for start in 0..=norm.len().saturating_sub(width) {
                let Some(piece) = norm.get(start..start + width) else {
                    break;
                };
                window.clear();
                window.extend(piece);
                if set.contains(&window) {
                    for c in covered.iter_mut().skip(start).take(width) {
                        *c = true;
                    }
                }
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut in_secret = false;
        for (c, hidden) in chars.into_iter().zip(covered) {
            if hidden {
                if !in_secret {
                    out.push_str(REDACTED);
                }
            } else {
                out.push(c);
            }
            in_secret = hidden;
        }
        out
    }
}

/// Every spelling of `secret` the client produces or a server could echo: as is;
/// percent-encoded once and twice (the string to sign), form-encoded, and base64.
fn forms(secret: &str) -> Vec<String> {
    let once = sign::percent_encode(secret);
    let twice = sign::percent_encode(&once);
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(secret);
    let b64_url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret);
    let mut forms = vec![secret.to_owned(), once, twice, form];
    // A piece may end in the padding (`…RFRg=`, found by fuzzing `http_answer`), or the
    // padding may be gone (the encoded text went on): both spellings.
    forms.push(b64.trim_end_matches('=').to_owned());
    forms.push(b64);
    forms.push(b64_url);
    forms.sort();
    forms.dedup();
    forms
}

/// The text as characters, every ASCII letter in upper case, so `%2b` and `%2B` match alike.
/// Upper-casing only the hex digits after a `%` missed a piece whose first letter followed a
/// stray `%2` in the text (`%2et%252FValue`: found by fuzzing `http_answer`); matching every
/// letter without case also takes a secret's case variants, which is no loss. One character
/// for one, so positions carry over.
fn normalise(text: &str) -> Vec<char> {
    text.chars().map(|c| c.to_ascii_uppercase()).collect()
}

/// Replaces the value after each `name` up to the next `&`, space, quote or bracket. A value
/// already scrubbed to `<redacted>` stays as it is (not `<redacted>>`).
fn scrub_param(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let (head, tail) = rest.split_at(at + name.len());
        out.push_str(head);
        out.push_str(REDACTED);
        let tail = tail.strip_prefix(REDACTED).unwrap_or(tail);
        let end = tail
            .find(|c: char| c == '&' || c.is_whitespace() || "\"'<>)]".contains(c))
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The first `max` characters, extended over a `<redacted>` the cut would split.
fn cut_keeping_markers(text: &str, max: usize) -> String {
    let Some((at, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let mut end = at;
    if let Some(marker) = text[..at].rfind('<')
        && text[marker..].starts_with(REDACTED)
    {
        end = end.max(marker + REDACTED.len());
    }
    text[..end].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "sec+ret/=value-0123456789";
    const TOKEN: &str = "CAIS+Tok/en=abcdefghijklmnopqrstuvwxyz";

    fn scrubber() -> Scrubber {
        Scrubber::for_secrets([SECRET, TOKEN])
    }

    #[test]
    fn every_encoding_is_scrubbed() {
        let s = scrubber();
        for secret in [SECRET, TOKEN] {
            for form in forms(secret) {
                let lower = form.replace("%2B", "%2b").replace("%2F", "%2f");
                for text in [format!("a {form} b"), format!("a {lower} b")] {
                    assert_eq!(s.scrub(&text), "a <redacted> b", "{form}");
                }
            }
        }
    }

    #[test]
    fn a_piece_of_a_secret_is_scrubbed_and_a_short_overlap_is_not() {
        let s = scrubber();
        assert_eq!(s.scrub(&format!("x{}y", &TOKEN[3..17])), "x<redacted>y");
        // Eleven characters are not a piece: ordinary words must survive.
        assert_eq!(s.scrub(&TOKEN[..11]), &TOKEN[..11]);
    }

    #[test]
    fn the_end_of_a_base64_spelling_is_scrubbed_with_its_padding() {
        // Found by fuzzing `http_answer`: the last eleven characters and the `=` after them
        // stood alone in an error page.
        let s = scrubber();
        let b64 = base64::engine::general_purpose::STANDARD.encode(TOKEN);
        assert!(b64.ends_with('='), "{b64}");
        let tail = &b64[b64.len() - 12..];
        assert_eq!(s.scrub(&format!("x {tail} y")), "x <redacted> y", "{tail}");
    }

    #[test]
    fn a_piece_after_a_stray_percent_is_scrubbed() {
        // Found by fuzzing `http_answer`: `%2` before the piece made `e` look like a hex
        // digit of an escape, and the piece no longer matched.
        let s = Scrubber::for_secrets(["Fz9+Secret/Value=0123abcdXYZ"]);
        assert_eq!(s.scrub("x%2et%252FValue y"), "x%2<redacted> y");
    }

    #[test]
    fn params_are_scrubbed_once() {
        let s = scrubber();
        assert_eq!(
            s.scrub(&format!("?SecurityToken={TOKEN}&Signature=abc%2B")),
            "?SecurityToken=<redacted>&Signature=<redacted>"
        );
        // The token itself goes first; the param pass must not add a second `>`.
        assert_eq!(
            s.scrub(&format!("SecurityToken={TOKEN}")),
            "SecurityToken=<redacted>"
        );
        assert_eq!(
            s.scrub("<a href=\"x?SecurityToken=zz\">"),
            "<a href=\"x?SecurityToken=<redacted>\">"
        );
    }

    #[test]
    fn an_excerpt_is_scrubbed_before_it_is_cut() {
        let s = scrubber();
        let body = format!("{}{TOKEN} tail", "x".repeat(190));
        let cut = s.excerpt(&body, 200);
        assert!(cut.ends_with("<redacted>"), "{cut}");
        assert!(!cut.contains("CAIS"), "{cut}");
        assert_eq!(s.excerpt("a \n\t b", 200), "a b");
    }

    #[test]
    fn debug_shows_no_piece() {
        let shown = format!("{:?}", scrubber());
        assert!(!shown.contains("Tok"), "{shown}");
    }
}
