//! Bounded reading: a path or `-` (standard input), at most 64 MiB,
//! into zeroizing buffers; large PEM files window by window ([`scan_file`]).

use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use zeroize::Zeroizing;

use super::pem::{BEGIN, PemScan};
use super::sniff::scan_bytes;
use super::{Block, Encoding, Sniffed};
use crate::codec::{self, Base64Variant};
use crate::error::{Error, Expected, InputError, Origin, Result};

/// Inputs larger than this are refused (keys, certificates and tokens are small).
pub(crate) const MAX_INPUT: u64 = 64 * 1024 * 1024;

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
    /// 64 MiB.
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
        let (origin, opened) = open(path.as_ref())?;
        let modified = match &opened {
            Opened::File { modified, .. } => *modified,
            Opened::Stdin => None,
        };
        let bytes = opened.read_whole(&origin)?;
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
    /// [`Error::Input`] with [`InputError::BadBase64`] when the text is not
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
        let bytes = codec::base64_decode(&self.bytes, variant).ok_or_else(|| {
            Error::unexpected(&self.origin, Expected::Base64, InputError::BadBase64)
        })?;
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

/// A path opened for reading: standard input for `-`, or a file with what its
/// metadata says (nothing when the metadata cannot be read).
enum Opened {
    Stdin,
    File {
        file: std::fs::File,
        /// The file size, at most [`MAX_INPUT`]; 0 when unknown.
        size: u64,
        modified: Option<SystemTime>,
    },
}

/// The one place a path argument is opened: `-` is standard input
/// ([`Origin::from_path`]), anything else a file.
fn open(path: &Path) -> Result<(Origin, Opened)> {
    let origin = Origin::from_path(path);
    if matches!(origin, Origin::Stdin) {
        return Ok((origin, Opened::Stdin));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        origin: origin.clone(),
        source,
    })?;
    let metadata = file.metadata().ok();
    let modified = metadata.as_ref().and_then(|m| m.modified().ok());
    let size = metadata.map_or(0, |m| m.len().min(MAX_INPUT));
    Ok((
        origin,
        Opened::File {
            file,
            size,
            modified,
        },
    ))
}

impl Opened {
    /// Reads everything (at most [`MAX_INPUT`] bytes).
    fn read_whole(self, origin: &Origin) -> Result<Zeroizing<Vec<u8>>> {
        match self {
            Opened::Stdin => read_limited(std::io::stdin().lock(), origin, 0),
            Opened::File { file, size, .. } => read_limited(file, origin, size),
        }
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

/// [`sniff`](fn@super::sniff) of a file (or standard input, `-`) one block at a
/// time: calls `visit` with each structure in file order, reading a large PEM
/// file in windows of 1 MiB that end where a BEGIN line starts, so that neither
/// the text nor the decoded blocks of a large bundle are ever held whole.
///
/// Anything else (small files, DER, Base64 text, JWTs, standard input) is read
/// whole, exactly as [`Input::read`] does, and its blocks visited in order.
///
/// # Errors
/// As [`Input::read`] and [`sniff`](fn@super::sniff); an error from `visit` stops
/// the scan and is returned as is. Blocks visited before an error stay visited.
pub(crate) fn scan_file(
    path: impl AsRef<Path>,
    expected: Expected,
    visit: impl FnMut(Block<'_>) -> Result<()>,
) -> Result<Sniffed<()>> {
    let mut visit = visit;
    let (origin, opened) = open(path.as_ref())?;
    let (mut file, size) = match opened {
        Opened::File { file, size, .. } if size > WINDOW as u64 => (file, size),
        // Standard input, and small files (or of unknown size): one read into
        // a buffer of its size.
        small => {
            let bytes = small.read_whole(&origin)?;
            return scan_bytes(&bytes, &origin, expected, true, &mut visit);
        }
    };
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
        return scan_bytes(&whole, &origin, expected, true, &mut visit);
    }
    let last_begin = memchr::memmem::FinderRev::new(BEGIN);
    let mut state = PemScan::new(expected);
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
    Ok(Sniffed::Blocks {
        blocks: (),
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
