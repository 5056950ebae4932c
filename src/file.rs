//! Safe file writing.
//!
//! Every file keysmith writes goes through [`write()`]: the bytes land in a temporary
//! file in the destination directory, created with its final mode (0600 for private
//! keys) before any byte is written, flushed to disk, then moved into place. Without
//! `force` an existing file is never replaced (the move is a hard link, which fails
//! atomically when the name exists); with `force` the rename replaces it, and the new
//! file keeps the new mode — a private key never inherits an old, wider mode.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::TryRng;
use rand::rngs::SysRng;

use crate::error::{Error, Result};

/// Who may read the written file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Private key material: mode 0600.
    Private,
    /// Public data: mode 0644 (less the umask).
    Public,
}

impl Mode {
    #[cfg(unix)]
    fn bits(self) -> u32 {
        match self {
            Mode::Private => 0o600,
            Mode::Public => 0o644,
        }
    }
}

/// Writes `bytes` to `path` atomically with the given mode.
///
/// # Errors
/// [`Error::Exists`] when `path` exists and `force` is false; [`Error::Write`] when
/// the directory is not writable or the disk is full.
///
/// # Security
/// The temporary file is created with `O_EXCL` and its final mode, so private key
/// bytes are never readable by others, not even for a moment.
///
/// # Example
/// ```
/// use keysmith::file::{write, Mode};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("key.pem");
/// write(&path, b"secret", Mode::Private, false)?;
/// assert!(write(&path, b"other", Mode::Private, false).is_err());
/// write(&path, b"other", Mode::Private, true)?;
/// assert_eq!(std::fs::read(&path)?, b"other");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write(path: &Path, bytes: &[u8], mode: Mode, force: bool) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp_path, mut tmp) = create_temp(&dir, &name, mode).map_err(write_err)?;
    let result = tmp
        .write_all(bytes)
        .and_then(|()| tmp.sync_all())
        .map_err(write_err);
    drop(tmp);
    let result = result.and_then(|()| place(&tmp_path, path, force));
    if result.is_err() || !force {
        let _ = fs::remove_file(&tmp_path);
    }
    if result.is_ok() {
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
    }
    result
}

fn place(tmp: &Path, path: &Path, force: bool) -> Result<()> {
    if force {
        return fs::rename(tmp, path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        });
    }
    match fs::hard_link(tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        // Filesystems without hard links: check, then rename (a small race window).
        Err(_) if fs::symlink_metadata(path).is_err() => {
            fs::rename(tmp, path).map_err(|source| Error::Write {
                path: path.to_path_buf(),
                source,
            })
        }
        Err(_) => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
    }
}

fn create_temp(dir: &Path, name: &str, mode: Mode) -> std::io::Result<(PathBuf, fs::File)> {
    let mut last = None;
    for _ in 0..16 {
        // Unpredictable names make squatting on the temporary path harder;
        // O_EXCL below is what makes it safe. A failing system source is an
        // I/O error, not a panic.
        let mut bytes = [0u8; 8];
        SysRng
            .try_fill_bytes(&mut bytes)
            .map_err(std::io::Error::other)?;
        let suffix = u64::from_le_bytes(bytes);
        let tmp = dir.join(format!(".{name}.{suffix:016x}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode.bits());
        }
        #[cfg(not(unix))]
        let _ = mode;
        match options.open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn write_private_replaces_wide_mode_with_0600_on_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = write(&path, b"new", Mode::Private, false).unwrap_err();
        assert!(matches!(err, Error::Exists { .. }));
        assert_eq!(fs::read(&path).unwrap(), b"old");
        write(&path, b"new", Mode::Private, true).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // no temporary files left behind
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_reports_unwritable_directory() {
        let err = write(
            Path::new("/nonexistent-dir/k.pem"),
            b"x",
            Mode::Private,
            false,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot write /nonexistent-dir/k.pem")
        );
    }
}
