//! Reading a response body with a cap: a server (or a proxy) sending a body without end must
//! fail the call, not fill the machine's memory.

/// The largest body read: far above any real page (100 instances are ~0.5 MB of JSON).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Why a body was not read whole.
pub enum BodyError {
    /// The network failed mid-body.
    Wire(reqwest::Error),
    /// The body was (or was announced as) larger than [`MAX_BODY_BYTES`].
    TooLarge,
}

/// The body as text, read chunk by chunk and never past `cap` bytes. Invalid UTF-8 becomes
/// replacement characters, as `reqwest::Response::text` does.
///
/// # Errors
/// A broken connection, or a body over `cap` (announced or sent).
pub async fn read_capped(mut response: reqwest::Response, cap: usize) -> Result<String, BodyError> {
    let announced = response.content_length().unwrap_or(0);
    if usize::try_from(announced).map_or(true, |len| len > cap) {
        return Err(BodyError::TooLarge);
    }
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Wire)? {
        if body.len().saturating_add(chunk.len()) > cap {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// The sentence a transport error carries for a body over the cap.
#[must_use]
pub fn too_large(cap: usize) -> String {
    format!(
        "the response body is larger than {} MB, ecs-tui's limit for one answer",
        cap / (1024 * 1024)
    )
}
