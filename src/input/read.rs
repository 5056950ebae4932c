//! Bounded reading: a path or `-` (standard input), at most [`MAX_INPUT`] bytes,
//! into zeroizing buffers; large PEM files window by window ([`scan_file`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use zeroize::Zeroizing;

use super::pem::{BEGIN, PemScan};
use super::sniff::scan_bytes;
use super::{BlockRef, Encoding, Scanned};
use crate::codec::{self, Base64Variant};
use crate::error::{Error, Expected, Found, Origin, Result};

/// Inputs larger than this are refused (keys, certificates and tokens are small).
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Bytes read from a file, standard input or an argument, with where they came from.
#[derive(Clone)]
pub struct Input {
    origin: Origin,
    bytes: Zeroizing<Vec<u8>>,
    modified: Option<SystemTime>,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input")
            .field("origin", &self.origin)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

impl Input {
    /// Reads a file, or standard input when `path` is `-`.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be opened or read, or is larger than
    /// [`MAX_INPUT`].
    ///
    /// # Example
    /// ```
    /// let input = keysmith::input::Input::read(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/testdata/rsa2048-spki.pem"
    /// ))?;
    /// assert!(input.bytes().starts_with(b"-----BEGIN PUBLIC KEY-----"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read(path: impl AsRef<Path>) -> Result<Input> {
        let path = path.as_ref();
        if path == Path::new("-") {
            let origin = Origin::Stdin;
            let bytes = read_limited(std::io::stdin().lock(), &origin, 0)?;
            return Ok(Input {
                origin,
                bytes,
                modified: None,
            });
        }
        let origin = Origin::Path(PathBuf::from(path));
        let file = std::fs::File::open(path).map_err(|source| Error::Read {
            origin: origin.clone(),
            source,
        })?;
        let metadata = file.metadata().ok();
        let modified = metadata.as_ref().and_then(|m| m.modified().ok());
        let size = metadata.map_or(0, |m| m.len().min(MAX_INPUT));
        let bytes = read_limited(file, &origin, size)?;
        Ok(Input {
            origin,
            bytes,
            modified,
        })
    }

    /// Wraps bytes that did not come from a file (an argument, an environment variable).
    pub fn from_bytes(origin: Origin, bytes: impl Into<Vec<u8>>) -> Input {
        Input {
            origin,
            bytes: Zeroizing::new(bytes.into()),
            modified: None,
        }
    }

    /// The bytes of Base64 text in the chosen alphabet (whitespace and line
    /// breaks ignored), decoded, with the same origin.
    ///
    /// # Errors
    /// [`Error::Unexpected`] with [`Found::BadBase64`] when the text is not
    /// valid in that alphabet (standard accepts missing padding; URL-safe
    /// accepts padding).
    ///
    /// # Example
    /// ```
    /// use keysmith::codec::Base64Variant;
    /// use keysmith::input::Input;
    /// use keysmith::Origin;
    /// let text = Input::from_bytes(Origin::Stdin, "aGk=\n");
    /// assert_eq!(text.decode_base64(Base64Variant::Standard)?.bytes(), b"hi");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decode_base64(&self, variant: Base64Variant) -> Result<Input> {
        let bytes = codec::base64_decode(&self.bytes, variant)
            .ok_or_else(|| Error::unexpected(&self.origin, Expected::Base64, Found::BadBase64))?;
        Ok(Input {
            origin: self.origin.clone(),
            bytes,
            modified: None,
        })
    }

    /// Where the bytes came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The exact bytes read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file's modification time; `None` for standard input and arguments.
    pub fn modified(&self) -> Option<SystemTime> {
        self.modified
    }
}

/// Reads at most [`MAX_INPUT`] bytes. `size_hint` (the file size) sizes the buffer
/// up front, so it is not reallocated (which would leave unzeroized copies behind).
pub(super) fn read_limited(
    reader: impl Read,
    origin: &Origin,
    size_hint: u64,
) -> Result<Zeroizing<Vec<u8>>> {
    let capacity = usize::try_from(size_hint).unwrap_or(0).saturating_add(1);
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            origin: origin.clone(),
            source,
        })?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(origin));
    }
    Ok(bytes)
}

/// How much of a file [`scan_file`] reads at a time.
pub(super) const WINDOW: usize = 1 << 20;

/// [`scan`](super::scan) of a file (or standard input, `-`), reading a large PEM file in
/// windows of 1 MiB that end where a BEGIN line starts, so that neither the
/// text nor the decoded blocks of a large bundle are ever held whole.
///
/// Anything else (small files, DER, Base64 text, JWTs, standard input) is read
/// whole, exactly as [`Input::read`] does, and scanned as [`scan`](super::scan) does.
///
/// # Errors
/// As [`Input::read`] and [`scan`](super::scan).
///
/// # Example
/// ```
/// use keysmith::input::scan_file;
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/bundle-3certs.pem");
/// let mut count = 0;
/// scan_file(path, |_| {
///     count += 1;
///     Ok(())
/// })?;
/// assert_eq!(count, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan_file(
    path: impl AsRef<Path>,
    visit: impl FnMut(BlockRef<'_>) -> Result<()>,
) -> Result<Scanned> {
    let path = path.as_ref();
    let mut visit = visit;
    if path == Path::new("-") {
        let input = Input::read(path)?;
        return scan_bytes(input.bytes(), input.origin(), true, &mut visit);
    }
    let origin = Origin::Path(PathBuf::from(path));
    let read_error = |source| Error::Read {
        origin: origin.clone(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let size = file.metadata().map_or(0, |m| m.len().min(MAX_INPUT));
    if size <= WINDOW as u64 {
        // Small (or of unknown size): one read into a buffer of its size.
        let bytes = read_limited(&mut file, &origin, size)?;
        return scan_bytes(&bytes, &origin, true, &mut visit);
    }
    let mut window = Zeroizing::new(Vec::with_capacity(WINDOW + 1));
    let mut eof = fill(&mut file, &mut window, WINDOW, &origin)?;
    let mut total = window.len();
    if eof || memchr::memmem::find(&window, BEGIN).is_none() {
        let rest = read_limited(&mut file, &origin, size.saturating_sub(total as u64))?;
        let mut whole = Zeroizing::new(Vec::with_capacity(window.len() + rest.len()));
        whole.extend_from_slice(&window);
        whole.extend_from_slice(&rest);
        if whole.len() as u64 > MAX_INPUT {
            return Err(too_large(&origin));
        }
        return scan_bytes(&whole, &origin, true, &mut visit);
    }
    let last_begin = memchr::memmem::FinderRev::new(BEGIN);
    let mut state = PemScan::default();
    loop {
        // Everything before the last BEGIN line is whole blocks (at the end of
        // the file, everything is).
        let cut = if eof {
            window.len()
        } else {
            last_begin.rfind(&window[..]).unwrap_or(0)
        };
        if cut > 0 {
            state.window(window.get(..cut).unwrap_or_default(), &origin, &mut visit)?;
            window.drain(..cut);
        }
        if eof {
            break;
        }
        let before = window.len();
        eof = fill(&mut file, &mut window, before + WINDOW, &origin)?;
        total += window.len() - before;
        if total as u64 > MAX_INPUT {
            return Err(too_large(&origin));
        }
    }
    Ok(Scanned::Blocks {
        encoding: Encoding::Pem,
        repairs: state.finish(&origin)?,
    })
}

/// Reads until `buffer` holds `target` bytes; `true` at the end of the file.
/// A buffer that must grow is copied into a larger one and the old one wiped.
fn fill(
    file: &mut std::fs::File,
    buffer: &mut Zeroizing<Vec<u8>>,
    target: usize,
    origin: &Origin,
) -> Result<bool> {
    if buffer.capacity() < target {
        let mut larger = Zeroizing::new(Vec::with_capacity(target));
        larger.extend_from_slice(buffer);
        *buffer = larger;
    }
    while buffer.len() < target {
        let wanted = (target - buffer.len()) as u64;
        match (&mut *file).take(wanted).read_to_end(buffer) {
            Ok(0) => return Ok(true),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(Error::Read {
                    origin: origin.clone(),
                    source,
                });
            }
        }
    }
    Ok(false)
}

fn too_large(origin: &Origin) -> Error {
    Error::Read {
        origin: origin.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "input larger than 64 MiB"),
    }
}
