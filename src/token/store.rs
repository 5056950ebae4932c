//! Where the credential helper keeps tokens between runs.
//!
//! [`Store`] is the trait [`super::get`] uses; [`FileStore`] is the cache on
//! disk: a directory (0700; keysmith creates it so and refuses an existing one
//! that others may read or write), one JSON file per profile (0600, written
//! atomically through [`crate::file`]) named `PROFILE-HASH.json`, where HASH is an
//! HMAC-SHA-256 of the profile's endpoint and credentials, so that a changed
//! profile misses. The HMAC's key is the directory's own: 32 random bytes in
//! `names.key` (0600), made on first use and kept, so names are stable across
//! runs but cannot be confirmed by guessing credentials without that file.
//! Beside each entry a `PROFILE-HASH.lock` file (0600) is locked with
//! [`std::fs::File::lock`] while one process reads, fetches and writes.
//!
//! Invariants: an entry holds tokens and times, never a password, passphrase,
//! secret or key; a file that cannot be read as an entry of this profile is a
//! miss (and is replaced on the next write).

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Source;
use crate::error::{CacheError, Result};
use crate::file::{self, Mode};
use crate::time::Timestamp;
use rand::TryRng;
use rand::rngs::SysRng;

/// What the file format says in its `format` field.
const FORMAT: &str = "keysmith-token-cache/1";

/// One profile's cached tokens: what a [`Store`] keeps, serialisable as it likes.
///
/// It holds the access token, its expiry and source, the refresh token and its
/// expiry, and when it was obtained; [`FileStore::list`] tells its state.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Always `keysmith-token-cache/1`: the file format, which a reader checks.
    pub(crate) format: String,
    /// The profile's name.
    pub(crate) profile: String,
    /// The access token.
    pub(crate) access_token: String,
    /// When it expires.
    pub(crate) expires_at: i64,
    /// Where that expiry came from.
    pub(crate) source: Source,
    /// The refresh token, if the partner gave one.
    pub(crate) refresh_token: Option<String>,
    /// When the refresh token expires, if it tells.
    pub(crate) refresh_expires_at: Option<i64>,
    /// When the token was received.
    pub(crate) obtained_at: i64,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("profile", &self.profile)
            .field("expires_at", &self.expires_at)
            .field("refresh_token", &self.refresh_token.is_some())
            .finish_non_exhaustive()
    }
}

impl Entry {
    /// A new entry for `profile`.
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn new(
        profile: &str,
        access_token: String,
        expires_at: Timestamp,
        source: Source,
        refresh_token: Option<String>,
        obtained_at: Timestamp,
    ) -> Entry {
        let refresh_expires_at = refresh_token
            .as_deref()
            .and_then(crate::jwt::parse)
            .and_then(|t| t.exp())
            .map(Timestamp::as_unix);
        Entry {
            format: FORMAT.to_owned(),
            profile: profile.to_owned(),
            access_token,
            expires_at: expires_at.as_unix(),
            source,
            refresh_token,
            refresh_expires_at,
            obtained_at: obtained_at.as_unix(),
        }
    }

    /// The token's state at `now` with `skew` seconds of margin, the margin
    /// never more than a fifth of the token's lifetime (a 300-second token is
    /// refreshed 60 seconds early, a 100-second one 20 seconds early).
    pub(crate) fn state(&self, now: Timestamp, skew: u32) -> super::State {
        let lifetime = (self.expires_at - self.obtained_at).max(0);
        let fifth = u32::try_from(lifetime / 5).unwrap_or(u32::MAX);
        super::State::at(Timestamp::from_unix(self.expires_at), now, skew.min(fifth))
    }

    /// The token's status at `now`, judged as [`Entry::state`] does.
    pub(crate) fn status(&self, now: Timestamp, skew: u32) -> super::Status {
        super::Status {
            state: self.state(now, skew),
            expires_at: Timestamp::from_unix(self.expires_at),
            seconds_left: self.expires_at.saturating_sub(now.as_unix()),
            source: self.source,
            refresh_token: self.refresh_token.as_ref().map(|_| super::Refresh {
                expires_at: self.refresh_expires_at.map(Timestamp::from_unix),
            }),
        }
    }

    /// The refresh token if it is usable at `now` (not known to have expired).
    #[cfg_attr(not(feature = "net"), allow(dead_code))]
    pub(crate) fn usable_refresh_token(&self, now: Timestamp) -> Option<&str> {
        match self.refresh_expires_at {
            Some(t) if t <= now.as_unix() => None,
            _ => self.refresh_token.as_deref(),
        }
    }
}

/// The name of one profile's entry: the profile and a hash of what it sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The profile's name.
    pub profile: String,
    /// Hex HMAC-SHA-256 (first 16 bytes) of the endpoint and credentials.
    pub hash: String,
}

/// A cache of tokens across runs.
pub trait Store {
    /// What keeps other users of the store out while it is held.
    type Lock;
    /// Waits until no other caller holds `key`'s lock, and takes it.
    fn lock(&self, key: &Key) -> Result<Self::Lock>;
    /// The entry for `key`; `None` when there is none or it is unreadable.
    fn load(&self, key: &Key) -> Result<Option<Entry>>;
    /// Writes the entry for `key`, replacing any other.
    fn save(&self, key: &Key, entry: &Entry) -> Result<()>;
    /// Drops the entry for `key`.
    fn remove(&self, key: &Key) -> Result<()>;
    /// The secret key under which entries are named (it keys [`Key::hash`]); it
    /// must stay the same for as long as the entries are to be found.
    fn naming_key(&self) -> Result<Zeroizing<Vec<u8>>>;
}

/// The length of the naming key in bytes.
const NAMING_KEY_LEN: usize = 32;

/// The cache directory on disk.
#[derive(Clone, Debug)]
pub struct FileStore {
    dir: PathBuf,
}

/// A held lock on one profile's entry; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: fs::File,
}

/// One profile of [`FileStore::list`]: its cached token's status, never the token.
///
/// Serialised as an object of `profile`, `state` (`"none"`
/// without a cache entry), `expires_at` (or `null`) and `refresh_token`
/// (whether one is held).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The profile's name.
    pub profile: String,
    /// The cached token's status; `None` for a profile of the configuration
    /// without a cache entry.
    pub status: Option<super::Status>,
}

impl Serialize for Listed {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let status = self.status.as_ref();
        let mut s = serializer.serialize_struct("Listed", 4)?;
        s.serialize_field("profile", &self.profile)?;
        s.serialize_field("state", status.map_or("none", |s| s.state.name()))?;
        s.serialize_field("expires_at", &status.map(|s| s.expires_at))?;
        s.serialize_field(
            "refresh_token",
            &status.is_some_and(|s| s.refresh_token.is_some()),
        )?;
        s.end()
    }
}

impl FileStore {
    /// The cache in `dir`, created with mode 0700 when missing.
    ///
    /// # Errors
    /// [`CacheError::Io`] when it cannot be created;
    /// [`CacheError::DirMode`] when it exists and others may read or
    /// write it.
    pub fn open(dir: impl Into<PathBuf>) -> Result<FileStore> {
        let dir = dir.into();
        let cache = |source| CacheError::Io {
            path: dir.clone(),
            source,
        };
        match fs::metadata(&dir) {
            Ok(m) if m.is_dir() => check_mode(&dir, &m)?,
            Ok(_) => return Err(cache(std::io::Error::from(ErrorKind::NotADirectory)).into()),
            Err(e) if e.kind() == ErrorKind::NotFound => create_dir(&dir).map_err(cache)?,
            Err(e) => return Err(cache(e).into()),
        }
        Ok(FileStore { dir })
    }

    fn path(&self, key: &Key, extension: &str) -> PathBuf {
        self.dir.join(format!(
            "{}-{}.{extension}",
            file_name(&key.profile),
            key.hash
        ))
    }

    /// Every readable entry in the directory judged at `now`, and every profile
    /// of the configuration `config` (its TOML text and file) without one, by
    /// profile name. An entry of a profile the configuration defines is judged
    /// with that profile's skew, any other with [`DEFAULT_SKEW`](super::DEFAULT_SKEW).
    ///
    /// # Errors
    /// [`CacheError::Io`] when the directory cannot be listed;
    /// [`ProfileError::Config`](crate::ProfileError::Config) when `config` is
    /// not TOML with `[profile.NAME]` tables.
    pub fn list(&self, now: Timestamp, config: Option<(&str, &Path)>) -> Result<Vec<Listed>> {
        let names = match config {
            Some((text, file)) => super::profile::names(text, file)?,
            None => Vec::new(),
        };
        let skew = |name: &str| -> u32 {
            config
                .filter(|_| names.iter().any(|n| n == name))
                .and_then(|(text, file)| super::Profile::from_toml(text, file, name).ok())
                .map_or(super::DEFAULT_SKEW, |p| p.skew)
        };
        let mut out = Vec::new();
        let entries = fs::read_dir(&self.dir).map_err(|source| CacheError::Io {
            path: self.dir.clone(),
            source,
        })?;
        for dirent in entries.flatten() {
            let path = dirent.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            if let Some(e) = read_entry(&path, None) {
                out.push(Listed {
                    status: Some(e.status(now, skew(&e.profile))),
                    profile: e.profile,
                });
            }
        }
        for profile in names {
            if !out.iter().any(|l| l.profile == profile) {
                out.push(Listed {
                    profile,
                    status: None,
                });
            }
        }
        out.sort_by(|a, b| a.profile.cmp(&b.profile));
        Ok(out)
    }

    /// Deletes every file of `profile` (all hashes), or of every profile; the
    /// number of entries deleted.
    ///
    /// # Errors
    /// [`CacheError::Io`] when a file cannot be deleted.
    pub fn forget(&self, profile: Option<&str>) -> Result<usize> {
        let entries = fs::read_dir(&self.dir).map_err(|source| CacheError::Io {
            path: self.dir.clone(),
            source,
        })?;
        let prefix = profile.map(|p| format!("{}-", file_name(p)));
        let mut count = 0;
        for dirent in entries.flatten() {
            let name = dirent.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some((stem, ext)) = name.rsplit_once('.') else {
                continue;
            };
            if ext != "json" && ext != "lock" {
                continue;
            }
            // STEM is PROFILE-HASH with a 32-digit hash.
            let Some((base, hash)) = stem.rsplit_once('-') else {
                continue;
            };
            if hash.len() != 32 {
                continue;
            }
            if let Some(prefix) = &prefix
                && format!("{base}-") != *prefix
            {
                continue;
            }
            let path = dirent.path();
            fs::remove_file(&path).map_err(|source| CacheError::Io { path, source })?;
            if ext == "json" {
                count += 1;
            }
        }
        Ok(count)
    }
}

impl FileStore {
    /// Deletes what a writer killed mid-write left: temporary files of
    /// [`crate::file`] (`.keysmith-….tmp`) untouched for longer than a write
    /// can take. They are never entries; this only keeps their tokens from
    /// lingering.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for dirent in entries.flatten() {
            let name = dirent.file_name();
            let Some(name) = name.to_str() else { continue };
            if !(name.starts_with(".keysmith-") && name.ends_with(".tmp")) {
                continue;
            }
            let stale = dirent
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TEMPORARY);
            if stale {
                let _ = fs::remove_file(dirent.path());
            }
        }
    }
}

/// A temporary file older than this is left over from a killed writer.
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(600);

impl Store for FileStore {
    type Lock = FileLock;

    fn lock(&self, key: &Key) -> Result<FileLock> {
        let path = self.path(key, "lock");
        let mut options = fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|source| CacheError::Io {
            path: path.clone(),
            source,
        })?;
        #[cfg(unix)]
        {
            // The mode given at creation is reduced by the umask. Set it only
            // when it is not already right: a chmod dirties the inode, and on a
            // busy disk waiting for that costs a cached `get` more than all the
            // rest of its work.
            use std::os::unix::fs::PermissionsExt;
            let mode = file.metadata().map(|m| m.permissions().mode() & 0o777);
            if mode.ok() != Some(0o600) {
                let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
            }
        }
        file.lock()
            .map_err(|source| CacheError::Io { path, source })?;
        Ok(FileLock { _file: file })
    }

    fn load(&self, key: &Key) -> Result<Option<Entry>> {
        Ok(read_entry(&self.path(key, "json"), Some(&key.profile)))
    }

    fn save(&self, key: &Key, entry: &Entry) -> Result<()> {
        let bytes = zeroize::Zeroizing::new(serde_json::to_vec_pretty(entry).map_err(|_| {
            crate::Error::Crypto {
                operation: "encoding the cache entry",
            }
        })?);
        file::write(&self.path(key, "json"), &bytes, Mode::Private, true)?;
        self.remove_stale_temporaries();
        Ok(())
    }

    /// `names.key` in the directory, made (32 random bytes, 0600, written
    /// atomically) on first use; a file of another length is replaced.
    fn naming_key(&self) -> Result<Zeroizing<Vec<u8>>> {
        let path = self.dir.join("names.key");
        let read = || -> Option<Zeroizing<Vec<u8>>> {
            let bytes = Zeroizing::new(fs::read(&path).ok()?);
            (bytes.len() == NAMING_KEY_LEN).then_some(bytes)
        };
        if let Some(key) = read() {
            return Ok(key);
        }
        let mut fresh = Zeroizing::new(vec![0u8; NAMING_KEY_LEN]);
        SysRng
            .try_fill_bytes(&mut fresh)
            .map_err(|_| crate::Error::Crypto {
                operation: "making the cache's naming key",
            })?;
        // Another process may make it at the same moment: the first one written
        // wins (the write replaces only a file of the wrong length, never a key
        // another process has just written and may be using), and everyone
        // reads that one.
        let replace = fs::metadata(&path).is_ok_and(|m| m.len() != NAMING_KEY_LEN as u64);
        match file::write(&path, &fresh, Mode::Private, replace) {
            Ok(()) => Ok(fresh),
            Err(error) => read().ok_or(error),
        }
    }

    fn remove(&self, key: &Key) -> Result<()> {
        let path = self.path(key, "json");
        match fs::remove_file(&path) {
            Err(e) if e.kind() != ErrorKind::NotFound => {
                Err(CacheError::Io { path, source: e }.into())
            }
            _ => Ok(()),
        }
    }
}

/// A profile name as a file name: letters, digits, `-`, `_`, `.` kept, every
/// other byte as `%XX`.
fn file_name(profile: &str) -> String {
    let mut out = String::with_capacity(profile.len());
    for (i, b) in profile.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || b == b'_' || (b == b'.' && i > 0) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn read_entry(path: &Path, profile: Option<&str>) -> Option<Entry> {
    let bytes = zeroize::Zeroizing::new(fs::read(path).ok()?);
    let entry: Entry = serde_json::from_slice(&bytes).ok()?;
    let ours = entry.format == FORMAT && profile.is_none_or(|p| p == entry.profile);
    ours.then_some(entry)
}

#[cfg(unix)]
fn check_mode(dir: &Path, metadata: &fs::Metadata) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CacheError::DirMode {
            path: dir.to_path_buf(),
            mode,
        }
        .into());
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_mode(_: &Path, _: &fs::Metadata) -> Result<()> {
    Ok(())
}

fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir)?;
        // The umask may have taken bits away, never added; set exactly 0700.
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_state_caps_the_skew_at_a_fifth_of_the_lifetime() {
        use crate::token::State;
        let at = Timestamp::from_unix;
        // 100-second token: the 60-second skew shrinks to 20.
        let e = Entry::new(
            "p",
            "t".into(),
            at(1_100),
            Source::ExpiresIn,
            None,
            at(1_000),
        );
        assert_eq!(e.state(at(1_079), 60), State::Valid);
        assert_eq!(e.state(at(1_080), 60), State::Refresh);
        assert_eq!(e.state(at(1_100), 60), State::Expired);
        // 3600-second token: the full 60 seconds.
        let e = Entry::new(
            "p",
            "t".into(),
            at(4_600),
            Source::ExpiresIn,
            None,
            at(1_000),
        );
        assert_eq!(e.state(at(4_539), 60), State::Valid);
        assert_eq!(e.state(at(4_540), 60), State::Refresh);
    }

    fn key() -> Key {
        Key {
            profile: "m2m".into(),
            hash: "0123456789abcdef0123456789abcdef".into(),
        }
    }

    #[test]
    fn issue_12_round_trip_and_corrupt_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path().join("cache")).unwrap();
        assert!(store.load(&key()).unwrap().is_none());
        let entry = Entry::new(
            "m2m",
            "tok".into(),
            Timestamp::from_unix(100),
            Source::ExpiresIn,
            None,
            Timestamp::from_unix(0),
        );
        store.save(&key(), &entry).unwrap();
        assert_eq!(store.load(&key()).unwrap(), Some(entry));
        let path = store.path(&key(), "json");
        fs::write(&path, b"{\"format\": \"keysmith-token-cache/1\", \"prof").unwrap();
        assert!(store.load(&key()).unwrap().is_none());
        assert_eq!(store.forget(Some("m2m")).unwrap(), 1);
        assert!(!path.exists());
    }

    /// Issue 11: the rows keep `token list --json`'s shape: the state, `none`
    /// for a profile only configured, and whether a refresh token is held.
    #[test]
    fn issue_11_list_judges_entries_and_names_configured_profiles() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path().join("cache")).unwrap();
        let entry = Entry::new(
            "m2m",
            "tok".into(),
            Timestamp::from_unix(1_000),
            Source::ExpiresIn,
            Some("opaque-refresh".into()),
            Timestamp::from_unix(0),
        );
        store.save(&key(), &entry).unwrap();
        let config = "[profile.m2m]\nurl = \"https://a.example/\"\nskew = 120\n\
                      [profile.other]\nurl = \"https://b.example/\"\n";
        let rows = store
            .list(
                Timestamp::from_unix(890),
                Some((config, Path::new("k.toml"))),
            )
            .unwrap();
        assert_eq!(
            serde_json::to_string(&rows).unwrap(),
            r#"[{"profile":"m2m","state":"refresh","expires_at":"1970-01-01T00:16:40Z","refresh_token":true},{"profile":"other","state":"none","expires_at":null,"refresh_token":false}]"#
        );
        // Without the configuration, the default skew (60 s) judges it.
        let rows = store.list(Timestamp::from_unix(890), None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].status.map(|s| s.state),
            Some(crate::token::State::Valid)
        );
    }

    #[cfg(unix)]
    #[test]
    fn issue_12_open_refuses_a_dir_others_can_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let err = FileStore::open(dir.path()).unwrap_err().to_string();
        // The fact only: the advice (`chmod 700`) is the command line's to give.
        assert_eq!(
            err,
            format!(
                "cache directory {} has mode 755, so other users may read or change its tokens",
                dir.path().display()
            )
        );
    }

    #[test]
    fn issue_12_naming_key_is_private_stable_and_per_directory() {
        let dir = tempfile::tempdir().unwrap();
        let a = FileStore::open(dir.path().join("a")).unwrap();
        let b = FileStore::open(dir.path().join("b")).unwrap();
        let key_a = a.naming_key().unwrap();
        assert_eq!(key_a.len(), NAMING_KEY_LEN);
        assert_eq!(a.naming_key().unwrap(), key_a, "stable across calls");
        assert_eq!(
            FileStore::open(dir.path().join("a"))
                .unwrap()
                .naming_key()
                .unwrap(),
            key_a,
            "stable across opens"
        );
        assert_ne!(b.naming_key().unwrap(), key_a);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join("a/names.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A damaged key file is replaced (the entries it named become misses).
        fs::write(dir.path().join("a/names.key"), b"short").unwrap();
        let replaced = a.naming_key().unwrap();
        assert_eq!(replaced.len(), NAMING_KEY_LEN);
        assert_ne!(replaced, key_a);
        // The key is not an entry, and forgetting every entry keeps it.
        assert!(a.list(Timestamp::from_unix(0), None).unwrap().is_empty());
        assert_eq!(a.forget(None).unwrap(), 0);
        assert_eq!(a.naming_key().unwrap(), replaced);
    }

    #[test]
    fn issue_12_cache_names_depend_on_the_naming_key_and_the_credentials() {
        use crate::token::helper::cache_key;
        use crate::token::{NoVariables, Profile};
        let profile = |user: &str| {
            let text = format!(
                "[profile.p]\nurl = \"https://a.example/t\"\nform = {{ grant_type = \"client_credentials\" }}\nbasic = {{ user = \"{user}\", password_env = \"PW\" }}\n"
            );
            Profile::from_toml(&text, Path::new("/etc/k.toml"), "p").unwrap()
        };
        let vars = |pw: &str| std::collections::BTreeMap::from([("PW".to_owned(), pw.to_owned())]);
        let k1 = [1u8; 32];
        let k2 = [2u8; 32];
        let name = |p: &Profile, v: &std::collections::BTreeMap<String, String>, k: &[u8]| {
            cache_key(p, v, k).unwrap().hash
        };
        let base = name(&profile("u"), &vars("pw"), &k1);
        assert_eq!(base.len(), 32);
        assert_eq!(base, name(&profile("u"), &vars("pw"), &k1), "stable");
        assert_ne!(base, name(&profile("u"), &vars("pw"), &k2), "keyed");
        assert_ne!(base, name(&profile("u"), &vars("pw2"), &k1), "password");
        assert_ne!(base, name(&profile("v"), &vars("pw"), &k1), "user");
        // An unset variable is an error, not a silent empty password.
        assert!(matches!(
            cache_key(&profile("u"), &NoVariables, &k1),
            Err(crate::Error::Profile(
                crate::ProfileError::MissingEnv { .. }
            ))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn issue_12_lock_file_is_made_private_when_it_is_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::open(dir.path().join("cache")).unwrap();
        let path = store.path(&key(), "lock");
        drop(store.lock(&key()).unwrap());
        let mode = || fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(), 0o600);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        drop(store.lock(&key()).unwrap());
        assert_eq!(mode(), 0o600);
    }

    #[test]
    fn file_names_cannot_leave_the_directory() {
        assert_eq!(file_name("m2m.prod"), "m2m.prod");
        assert_eq!(file_name("../x"), "%2E.%2Fx");
        assert_eq!(file_name("a-b"), "a%2Db");
    }
}
