//! Private files written whole: a temporary file, then a rename.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Writes through a temporary file and a rename, so a reader never sees half a file; the
/// directories it creates are 0700 and the file 0600.
pub(super) fn write_private(root: &Path, path: &Path, contents: &str) -> io::Result<()> {
    write_private_with(root, path, |file| file.write_all(contents.as_bytes()))
}

/// [`write_private`], with the contents written by `write`.
pub(super) fn write_private_with(
    root: &Path,
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    for d in [root, dir] {
        make_private_dir(d)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("cache");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let result = options.open(&tmp).and_then(|mut file| {
        write(&mut file)?;
        file.sync_all()
    });
    if let Err(e) = result.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Creates `dir` (and any missing parent) 0700. A directory that exists keeps its mode: it may
/// be anyone's (`ECS_TUI_CACHE_DIR=/tmp` once lost /tmp its sticky bit); one that others can
/// write is refused, as they could replace what ecs-tui shows at start-up.
///
/// # Errors
/// It cannot be created, or others can write it.
pub(super) fn make_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    refuse_if_shared(dir)
}

/// An error when others than its owner can write `dir`.
///
/// # Errors
/// See above; also when `dir` cannot be read.
pub(super) fn refuse_if_shared(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o7777;
        if mode & 0o022 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{}: other users can write this directory (mode {mode:o}), so ecs-tui keeps \
                     no cache there; point {} at a directory of your own (a new one is created \
                     0700)",
                    dir.display(),
                    super::ENV_DIR
                ),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
