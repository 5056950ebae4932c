//! Safe file writing: the one writer of every file keysmith makes.
//!
//! A command either does everything it was asked or changes nothing. [`write_all`]
//! writes several files as one transaction: it refuses two outputs that name one
//! file and (without `force`) any output that exists, before any work; then it
//! writes every file to a temporary file in its destination directory, created
//! with `O_EXCL` and its final mode (0600 for private keys) before any byte is
//! written, and flushed to disk; only when every temporary file is written does
//! it move them into place. Without `force` an existing file is never replaced
//! (the move is a hard link, which fails atomically when the name exists); with
//! `force` the rename replaces it, and the new file keeps the new mode — a
//! private key never inherits an old, wider mode. One file is a one-element [`write_all`].
//!
//! Temporary names are short (`.keysmith-` and 16 random hex digits, `.tmp`), so
//! an output name near the file system's limit still works.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

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

/// One file for [`write_all`] to write: where, what, and who may read it.
#[derive(Clone, Copy)]
pub struct Output<'a> {
    /// Where the file goes.
    pub path: &'a Path,
    /// Its whole content.
    pub bytes: &'a [u8],
    /// Who may read it.
    pub mode: Mode,
}

impl std::fmt::Debug for Output<'_> {
    // The bytes may be a private key: show their length only.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .field("mode", &self.mode)
            .finish()
    }
}

/// Writes `bytes` to `path` atomically with the given mode: [`write_all`] of one file.
///
/// # Errors
/// [`Error::Exists`] when `path` exists and `force` is false; [`Error::Write`] when
/// `path` is a directory, its directory is not writable or the disk is full.
///
/// # Security
/// The temporary file is created with `O_EXCL` and its final mode, so private key
/// bytes are never readable by others, not even for a moment.
///
/// # Example
/// ```
/// use keysmith::file::{Mode, Output, write_all};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("key.pem");
/// let key = |bytes| [Output { path: &path, bytes, mode: Mode::Private }];
/// write_all(&key(b"secret"), false)?;
/// assert!(write_all(&key(b"other"), false).is_err());
/// write_all(&key(b"other"), true)?;
/// assert_eq!(std::fs::read(&path)?, b"other");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub(crate) fn write(path: &Path, bytes: &[u8], mode: Mode, force: bool) -> Result<()> {
    write_all(&[Output { path, bytes, mode }], force)
}

/// Checks that `paths` can be written together, before any work is done: no two
/// name one file, none is a directory, and (without `force`) none exists.
///
/// Two paths name one file when they are equal once made absolute with the
/// existing part of their directory resolved (`..`, symbolic links), whether the
/// files exist or not; and, when both exist, when they are one file by device and
/// inode (hard links, a symbolic link to the other file). [`write_all`] makes this
/// check itself; call it first when the bytes are slow to make (a key to generate).
///
/// # Errors
/// [`Error::SameFile`] for two paths naming one file, [`Error::Write`] for a
/// directory, [`Error::Exists`] for an existing file without `force`.
///
/// # Example
/// ```
/// use keysmith::file::check;
/// let dir = tempfile::tempdir()?;
/// let a = dir.path().join("a.pem");
/// let same = dir.path().join("sub").join("..").join("a.pem");
/// std::fs::create_dir(dir.path().join("sub"))?;
/// assert!(check(&[&a, &dir.path().join("b.pem")], false).is_ok());
/// assert!(check(&[&a, &same], true).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check(paths: &[&Path], force: bool) -> Result<()> {
    let identities: Vec<(&Path, Identity)> = paths.iter().map(|p| (*p, Identity::of(p))).collect();
    for (i, (path, identity)) in identities.iter().enumerate() {
        let mut earlier = identities.iter().take(i);
        if let Some((other, _)) = earlier.find(|(_, e)| e.is(identity)) {
            return Err(Error::SameFile {
                path: path.to_path_buf(),
                other: other.to_path_buf(),
            });
        }
    }
    for path in paths {
        match fs::symlink_metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(Error::Write {
                    path: path.to_path_buf(),
                    source: std::io::ErrorKind::IsADirectory.into(),
                });
            }
            Ok(_) if !force => {
                return Err(Error::Exists {
                    path: path.to_path_buf(),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks that no output names one of `inputs`, the files the operation reads,
/// by the same identity as [`check`] (`..`, symbolic links, hard links): an
/// output written over its own input would destroy it. An input `-` (standard
/// input) names no file.
///
/// # Errors
/// [`Error::OutputIsInput`] for the first output that names an input.
///
/// # Example
/// ```
/// use keysmith::file::check_inputs;
/// let dir = tempfile::tempdir()?;
/// let key = dir.path().join("k.pem");
/// std::fs::write(&key, b"key")?;
/// let link = dir.path().join("link.pem");
/// std::fs::hard_link(&key, &link)?;
/// assert!(check_inputs(&[&dir.path().join("k.csr")], &[&key]).is_ok());
/// assert!(check_inputs(&[&link], &[&key]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_inputs(outputs: &[&Path], inputs: &[&Path]) -> Result<()> {
    let inputs: Vec<(&Path, Identity)> = inputs
        .iter()
        .filter(|p| **p != Path::new("-"))
        .map(|p| (*p, Identity::of(p)))
        .collect();
    for output in outputs {
        let identity = Identity::of(output);
        if let Some((input, _)) = inputs.iter().find(|(_, i)| i.is(&identity)) {
            return Err(Error::OutputIsInput {
                path: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Writes every output, or none: the multi-file transaction behind every command
/// that writes more than one file.
///
/// First [`check`]; then every file is written to a temporary file in its own
/// directory and flushed to disk; an existing file that `force` will replace is
/// kept aside under a second name (a hard link). Only then are the files moved
/// into place, one after the other. When any step fails, every file already moved
/// is put back as it was (the old file restored, a new one removed), every
/// temporary file is removed, and the first error is returned.
///
/// # Errors
/// As [`check`]; [`Error::Write`] naming the output whose temporary file or move
/// failed (unwritable directory, a path under a regular file, a full disk).
///
/// # Security
/// Temporary files are created with `O_EXCL` and their final mode, so private key
/// bytes are never readable by others, not even for a moment.
///
/// The moves are one rename (or hard link) per file, so they are not one atomic
/// step: a process killed or a machine losing power between two moves leaves the
/// first outputs new and the others old, and may leave `.keysmith-*.tmp` files
/// (temporary or kept-aside old files) in the destination directories. On a file
/// system without hard links an old file cannot be kept aside, so a failure after
/// its replacement cannot restore it.
///
/// # Example
/// ```
/// use keysmith::file::{write_all, Mode, Output};
/// let dir = tempfile::tempdir()?;
/// let (key, cert) = (dir.path().join("key.pem"), dir.path().join("cert.pem"));
/// write_all(
///     &[
///         Output { path: &key, bytes: b"secret", mode: Mode::Private },
///         Output { path: &cert, bytes: b"public", mode: Mode::Public },
///     ],
///     false,
/// )?;
/// // One output that cannot be written: neither file changes.
/// let under_a_file = cert.join("x.pem");
/// let failed = write_all(
///     &[
///         Output { path: &key, bytes: b"new", mode: Mode::Private },
///         Output { path: &under_a_file, bytes: b"new", mode: Mode::Public },
///     ],
///     true,
/// );
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read(&key)?, b"secret");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_all(outputs: &[Output<'_>], force: bool) -> Result<()> {
    let paths: Vec<&Path> = outputs.iter().map(|o| o.path).collect();
    check(&paths, force)?;
    let mut transaction = Transaction {
        staged: Vec::with_capacity(outputs.len()),
        committed: false,
    };
    for output in outputs {
        transaction.stage(output, force)?;
    }
    transaction.commit(force)
}

/// Where a path leads, to tell whether two outputs are one file.
struct Identity {
    /// The absolute path with its existing directory resolved.
    location: PathBuf,
    /// Device and inode, when the file exists.
    inode: Option<(u64, u64)>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        let location = match path.file_name() {
            Some(name) => fs::canonicalize(directory_of(path))
                .map(|dir| dir.join(name))
                .unwrap_or_else(|_| lexical(path)),
            None => fs::canonicalize(path).unwrap_or_else(|_| lexical(path)),
        };
        Identity {
            location,
            inode: inode(path),
        }
    }

    fn is(&self, other: &Identity) -> bool {
        self.location == other.location || (self.inode.is_some() && self.inode == other.inode)
    }
}

#[cfg(unix)]
fn inode(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn inode(_: &Path) -> Option<(u64, u64)> {
    None
}

/// The absolute form of `path` whose directory does not exist: `.` and `..`
/// resolved by name (a missing directory has no links to follow), then the
/// longest existing ancestor resolved, so it compares with resolved paths.
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut named = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                named.pop();
            }
            other => named.push(other),
        }
    }
    for ancestor in named.ancestors() {
        if let (Ok(resolved), Ok(rest)) = (fs::canonicalize(ancestor), named.strip_prefix(ancestor))
        {
            return resolved.join(rest);
        }
    }
    named
}

/// The directory a file named by `path` lives in (`.` for a bare name).
fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// One output on its way: its temporary file and, when `force` replaces an old
/// file, the old file's second name.
struct Staged<'a> {
    path: &'a Path,
    directory: PathBuf,
    temporary: PathBuf,
    kept: Option<PathBuf>,
    existed: bool,
    placed: bool,
}

/// The outputs staged so far. Dropping it before `commit` succeeds puts every
/// placed file back and removes every temporary file.
struct Transaction<'a> {
    staged: Vec<Staged<'a>>,
    committed: bool,
}

impl<'a> Transaction<'a> {
    fn stage(&mut self, output: &Output<'a>, force: bool) -> Result<()> {
        let write_err = |source| Error::Write {
            path: output.path.to_path_buf(),
            source,
        };
        let directory = directory_of(output.path);
        let (temporary, mut file) = create_temp(&directory, output.mode).map_err(write_err)?;
        let existed = fs::symlink_metadata(output.path).is_ok();
        self.staged.push(Staged {
            path: output.path,
            directory: directory.clone(),
            temporary,
            kept: None,
            existed,
            placed: false,
        });
        file.write_all(output.bytes)
            .and_then(|()| file.sync_all())
            .map_err(write_err)?;
        if force && existed {
            // Without hard links the old file cannot be kept aside: see write_all.
            let kept = keep_aside(output.path, &directory).ok();
            if let Some(last) = self.staged.last_mut() {
                last.kept = kept;
            }
        }
        Ok(())
    }

    fn commit(mut self, force: bool) -> Result<()> {
        for staged in &mut self.staged {
            place(&staged.temporary, staged.path, force)?;
            staged.placed = true;
        }
        self.committed = true;
        let mut synced: Vec<&Path> = Vec::new();
        for staged in &self.staged {
            if !synced.contains(&staged.directory.as_path()) {
                if let Ok(d) = fs::File::open(&staged.directory) {
                    let _ = d.sync_all();
                }
                synced.push(&staged.directory);
            }
        }
        Ok(())
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        for staged in self.staged.iter_mut().rev() {
            if !self.committed && staged.placed {
                match staged.kept.take() {
                    // When this rename fails the old file stays under its kept
                    // name: it is no longer listed, so it is never deleted.
                    Some(kept) => {
                        let _ = fs::rename(&kept, staged.path);
                    }
                    None if !staged.existed => {
                        let _ = fs::remove_file(staged.path);
                    }
                    None => {}
                }
            }
            let _ = fs::remove_file(&staged.temporary);
            if let Some(kept) = &staged.kept {
                let _ = fs::remove_file(kept);
            }
        }
    }
}

fn place(temporary: &Path, path: &Path, force: bool) -> Result<()> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if force {
        return fs::rename(temporary, path).map_err(write_err);
    }
    match fs::hard_link(temporary, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
        // File systems without hard links: check, then rename (a small race window).
        Err(_) if fs::symlink_metadata(path).is_err() => {
            fs::rename(temporary, path).map_err(write_err)
        }
        Err(_) => Err(Error::Exists {
            path: path.to_path_buf(),
        }),
    }
}

/// A short, unpredictable name in `directory` for a temporary or kept-aside file.
fn temporary_name(directory: &Path) -> std::io::Result<PathBuf> {
    // Unpredictable names make squatting on the temporary path harder; O_EXCL
    // (or link's refusal to replace) is what makes it safe. A failing system
    // source is an I/O error, not a panic.
    let mut bytes = [0u8; 8];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(std::io::Error::other)?;
    let suffix = u64::from_le_bytes(bytes);
    Ok(directory.join(format!(".keysmith-{suffix:016x}.tmp")))
}

/// Retries `attempt` on fresh names while the name is taken.
fn with_fresh_name<T>(
    directory: &Path,
    mut attempt: impl FnMut(&Path) -> std::io::Result<T>,
) -> std::io::Result<(PathBuf, T)> {
    let mut last = None;
    for _ in 0..16 {
        let name = temporary_name(directory)?;
        match attempt(&name) {
            Ok(value) => return Ok((name, value)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("cannot create a temporary file")))
}

fn create_temp(directory: &Path, mode: Mode) -> std::io::Result<(PathBuf, fs::File)> {
    with_fresh_name(directory, |name| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode.bits());
        }
        #[cfg(not(unix))]
        let _ = mode;
        options.open(name)
    })
}

/// Gives the existing file at `path` a second name, so it can be put back.
fn keep_aside(path: &Path, directory: &Path) -> std::io::Result<PathBuf> {
    with_fresh_name(directory, |name| fs::hard_link(path, name)).map(|(name, ())| name)
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

    /// The names in `dir`, sorted: temporary files show up here.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn output<'a>(path: &'a Path, bytes: &'a [u8]) -> Output<'a> {
        Output {
            path,
            bytes,
            mode: Mode::Public,
        }
    }

    #[test]
    fn write_all_writes_every_file_with_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let (key, cert) = (dir.path().join("key"), dir.path().join("cert"));
        let outputs = [
            Output {
                path: &key,
                bytes: b"k",
                mode: Mode::Private,
            },
            output(&cert, b"c"),
        ];
        write_all(&outputs, false).unwrap();
        assert_eq!(fs::read(&key).unwrap(), b"k");
        assert_eq!(fs::read(&cert).unwrap(), b"c");
        let mode = fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(names(dir.path()), ["cert", "key"]);
    }

    // Regression, issue 10 §2: one file named twice, existing or not.
    #[test]
    fn issue_10_write_all_refuses_two_names_for_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        std::os::unix::fs::symlink("sub", d.join("lnk")).unwrap();
        fs::write(d.join("old"), b"old").unwrap();
        fs::hard_link(d.join("old"), d.join("hard")).unwrap();
        std::os::unix::fs::symlink("old", d.join("soft")).unwrap();
        let pairs = [
            (d.join("sub/a"), d.join("lnk/a")),
            (d.join("sub/../a"), d.join("a")),
            (d.join("a"), d.join("./a")),
            (d.join("missing/../a"), d.join("a")),
            (d.join("sub/a"), d.join("lnk/missing/../a")),
            (d.join("old"), d.join("hard")),
            (d.join("old"), d.join("soft")),
        ];
        for (first, second) in &pairs {
            for force in [false, true] {
                let err =
                    write_all(&[output(first, b"1"), output(second, b"2")], force).unwrap_err();
                assert!(
                    matches!(&err, Error::SameFile { path, other } if path == second && other == first),
                    "{err}"
                );
            }
        }
        assert_eq!(names(d), ["hard", "lnk", "old", "soft", "sub"]);
        assert!(names(&d.join("sub")).is_empty());
        assert_eq!(fs::read(d.join("old")).unwrap(), b"old");
    }

    #[test]
    fn write_all_refuses_an_existing_file_or_a_directory_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        let (new, old, sub) = (
            dir.path().join("new"),
            dir.path().join("old"),
            dir.path().join("sub"),
        );
        fs::write(&old, b"old").unwrap();
        fs::create_dir(&sub).unwrap();
        let err = write_all(&[output(&new, b"n"), output(&old, b"o")], false).unwrap_err();
        assert!(matches!(err, Error::Exists { path } if path == old));
        for force in [false, true] {
            let err = write_all(&[output(&new, b"n"), output(&sub, b"s")], force).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("cannot write {}: is a directory", sub.display())
            );
        }
        assert_eq!(names(dir.path()), ["old", "sub"]);
    }

    // Regression, issue 10 §2: a failure while staging changes nothing.
    #[test]
    fn issue_10_write_all_changes_nothing_when_one_output_cannot_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, plain) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("plain"),
        );
        for path in [&a, &b, &plain] {
            fs::write(path, b"old").unwrap();
        }
        let under_a_file = plain.join("c");
        let outputs = [
            output(&a, b"new"),
            output(&b, b"new"),
            output(&under_a_file, b"new"),
        ];
        let err = write_all(&outputs, true).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write {}: ", under_a_file.display())),
            "{err}"
        );
        for path in [&a, &b, &plain] {
            assert_eq!(fs::read(path).unwrap(), b"old");
        }
        assert_eq!(names(dir.path()), ["a", "b", "plain"]);
    }

    // Regression, issue 10 §2: a move that fails puts back the files already moved.
    #[test]
    fn issue_10_failed_move_restores_old_files_and_removes_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new, blocked) = (
            dir.path().join("old"),
            dir.path().join("new"),
            dir.path().join("blocked"),
        );
        fs::write(&old, b"old").unwrap();
        let outputs = [
            output(&old, b"replaced"),
            output(&new, b"created"),
            output(&blocked, b"never"),
        ];
        check(&outputs.map(|o| o.path), true).unwrap();
        let mut transaction = Transaction {
            staged: Vec::new(),
            committed: false,
        };
        for o in &outputs {
            transaction.stage(o, true).unwrap();
        }
        // Something takes the last name between the check and the moves.
        fs::create_dir(&blocked).unwrap();
        let err = transaction.commit(true).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write {}: ", blocked.display())),
            "{err}"
        );
        assert_eq!(fs::read(&old).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["blocked", "old"]);
    }

    // Regression, issue 10 §2: temporary names fit beside a long output name.
    #[test]
    fn issue_10_write_takes_a_name_near_the_file_system_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k".repeat(250));
        write(&path, b"x", Mode::Private, false).unwrap();
        write(&path, b"y", Mode::Private, true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"y");
        assert_eq!(names(dir.path()), ["k".repeat(250)]);
    }

    #[test]
    fn temporary_names_are_short_and_in_the_destination_directory() {
        let dir = tempfile::tempdir().unwrap();
        let name = temporary_name(dir.path()).unwrap();
        assert_eq!(name.parent(), Some(dir.path()));
        let file = name.file_name().unwrap().to_str().unwrap();
        assert_eq!(file.len(), ".keysmith-".len() + 16 + ".tmp".len());
        assert!(file.starts_with(".keysmith-") && file.ends_with(".tmp"));
    }
}
