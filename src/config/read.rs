//! Reading a file ecs-tui did not write (or may have been swapped): only a regular file, and
//! never more than a cap, however big the file says it is or grows while being read.

use std::fs::File;
use std::io::{self, Read as _};
use std::path::Path;

/// The most a config file (ours or the aliyun CLI's) may hold: far above any real one
/// (10,000 profiles are ~1 MB), far below what would hurt the machine.
pub const CONFIG_CAP: u64 = 10 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing there.
    NotFound,
    /// A directory, FIFO, device or socket: reading it could block for ever or never end.
    NotRegular(&'static str),
    /// More than the cap.
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::NotRegular(kind) => write!(f, "not a regular file (it is {kind})"),
            ReadError::TooLarge(cap) => {
                write!(f, "larger than {} MB; not read", cap / (1024 * 1024))
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The whole text of `path`, if it is a regular file of at most `cap` bytes of UTF-8.
///
/// # Errors
/// See [`ReadError`]; invalid UTF-8 is an `Io` error of kind `InvalidData`.
pub fn read_capped(path: &Path, cap: u64) -> Result<String, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    // `take` rather than the size in the metadata: /dev/zero says 0, a growing file lies.
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    String::from_utf8(bytes)
        .map_err(|e| ReadError::Io(io::Error::new(io::ErrorKind::InvalidData, e.utf8_error())))
}

/// `path` opened for reading, if it is a regular file.
///
/// # Errors
/// See [`ReadError`].
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(not_found_or_io)?;
    if let Some(kind) = irregular(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = File::open(path).map_err(not_found_or_io)?;
    // And again on what was opened, in case the path was swapped in between.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = irregular(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    Ok(file)
}

fn not_found_or_io(e: io::Error) -> ReadError {
    if e.kind() == io::ErrorKind::NotFound {
        ReadError::NotFound
    } else {
        ReadError::Io(e)
    }
}

/// What a file that is not regular is, in words; `None` for a regular file.
fn irregular(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_is_enforced_on_what_is_read_not_on_what_the_metadata_says() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        std::fs::write(&path, "0123456789").expect("write");
        assert_eq!(read_capped(&path, 10).expect("fits"), "0123456789");
        assert!(matches!(read_capped(&path, 9), Err(ReadError::TooLarge(9))));
        assert!(matches!(
            read_capped(&dir.path().join("none"), 9),
            Err(ReadError::NotFound)
        ));
        assert!(matches!(
            read_capped(dir.path(), 9),
            Err(ReadError::NotRegular("a directory"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_a_byte_is_read() {
        let error = read_capped(Path::new("/dev/zero"), CONFIG_CAP).expect_err("refused");
        assert_eq!(error.to_string(), "not a regular file (it is a device)");
    }
}
