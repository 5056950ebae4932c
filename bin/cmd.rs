//! Command implementations: each calls the library and renders its report.
//! Shared here: secrets from files, environment or prompt; `--now`; output files.

/// `println!` that survives a closed pipe; use with `?` in commands.
macro_rules! outln {
    () => { $crate::cmd::out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cmd::out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that survives a closed pipe; use with `?` in commands.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cmd::out(format_args!($($arg)*)) };
}

pub mod cert;
pub mod jwt;
pub mod keys;
pub mod sign;
pub mod token;

use std::io::{IsTerminal, Write};
use std::path::Path;

use keysmith::file::{self, Mode};
use keysmith::time::Timestamp;
use keysmith::{Origin, Secret};

use crate::Outcome;
use crate::cli::{CompletionsArgs, NowArgs, PassphraseArgs};

/// Why a command stopped: a library error, or a problem of the command line itself.
#[derive(Debug)]
pub enum Failure {
    /// The library refused.
    Library(keysmith::Error),
    /// A usage problem only the binary knows about (missing environment variable…).
    Usage(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Library(e) => write!(f, "{e}"),
            Failure::Usage(m) => f.write_str(m),
        }
    }
}

impl From<keysmith::Error> for Failure {
    fn from(e: keysmith::Error) -> Failure {
        Failure::Library(e)
    }
}

/// Result of a command.
pub type CmdResult = Result<Outcome, Failure>;

/// The warnings this run printed on stderr, for the `--json` report ([`print_json`]).
static WARNINGS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Prints a warning on stderr, as one line with control characters escaped, and keeps it
/// for the `--json` report's `warnings`.
pub fn warn(message: impl std::fmt::Display) {
    let text = message.to_string();
    eprintln!("warning: {}", keysmith::text::escape(&text));
    if let Ok(mut printed) = WARNINGS.lock() {
        printed.push(text);
    }
}

/// The time to judge by: `--now` or the system clock.
pub fn now(args: &NowArgs) -> Timestamp {
    args.now.map_or_else(Timestamp::now, Timestamp::from_unix)
}

/// A secret from `--…-file`, `--…-env`, or a prompt when standard input is a terminal.
///
/// `None` when no source was given and there is no terminal to ask.
pub fn secret(
    file: Option<&Path>,
    env: Option<&str>,
    keep_newline: bool,
    prompt: Option<&str>,
) -> Result<Option<Secret>, Failure> {
    if let Some(path) = file {
        return Ok(Some(Secret::from_file(path, keep_newline)?));
    }
    if let Some(var) = env {
        let Some(value) = std::env::var_os(var) else {
            return Err(Failure::Usage(format!(
                "environment variable {var} is not set"
            )));
        };
        let bytes = value.into_encoded_bytes();
        return Ok(Some(Secret::from_value(&bytes, keep_newline)));
    }
    match prompt {
        Some(p) if std::io::stdin().is_terminal() => {
            let text = rpassword::prompt_password(p)
                .map_err(|e| Failure::Usage(format!("cannot read the passphrase: {e}")))?;
            Ok(Some(Secret::new(text.into_bytes())))
        }
        _ => Ok(None),
    }
}

/// The passphrase from `--passphrase-file/-env`, or a prompt on a terminal.
pub fn passphrase(args: &PassphraseArgs, prompt: bool) -> Result<Option<Secret>, Failure> {
    secret(
        args.passphrase_file.as_deref(),
        args.passphrase_env.as_deref(),
        false,
        prompt.then_some("Passphrase: "),
    )
}

/// Runs `load` with the passphrase from the flags. When the input turns out to
/// need one ([`keysmith::Error::needs_passphrase`]) and none was given, asks on
/// the terminal and runs `load` once more (not when the input itself came from
/// standard input). Returns what `load` returned and the passphrase it used.
pub fn with_passphrase<T>(
    args: &PassphraseArgs,
    origin: &Origin,
    mut load: impl FnMut(Option<&Secret>) -> keysmith::Result<T>,
) -> Result<(T, Option<Secret>), Failure> {
    let given = passphrase(args, false)?;
    match load(given.as_ref()) {
        Err(e)
            if e.needs_passphrase()
                && given.is_none()
                && *origin != Origin::Stdin
                && std::io::stdin().is_terminal() =>
        {
            let asked = passphrase(args, true)?;
            let value = load(asked.as_ref())?;
            Ok((value, asked))
        }
        other => Ok((other?, given)),
    }
}

/// Reads and loads a key (asking for its passphrase if need be, see
/// [`with_passphrase`]); returns the passphrase that opened it too.
pub fn load_key(
    path: &Path,
    args: &PassphraseArgs,
) -> Result<
    (
        keysmith::input::Input,
        keysmith::key::Loaded,
        Option<Secret>,
    ),
    Failure,
> {
    let input = keysmith::input::Input::read(path)?;
    let (loaded, used) = with_passphrase(args, input.origin(), |p| keysmith::key::load(&input, p))?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    Ok((input, loaded, used))
}

/// As [`load_key`], for a private key: a public key is an error naming the file.
pub fn load_private_key(
    path: &Path,
    args: &PassphraseArgs,
) -> Result<(keysmith::input::Input, keysmith::key::PrivateKey), Failure> {
    let input = keysmith::input::Input::read(path)?;
    let ((private, loaded), _) = with_passphrase(args, input.origin(), |p| {
        keysmith::key::load_private(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    Ok((input, private))
}

/// Warns once per repaired broken form.
pub fn report_repairs(origin: Origin, repairs: &[keysmith::input::Repair]) {
    for r in repairs {
        if *r != keysmith::input::Repair::Base64Wrapped {
            warn(format_args!("{origin}: {r}"));
        }
    }
}

/// Where output goes.
pub enum Sink<'a> {
    /// Standard output (`-` or no `-o`).
    Stdout {
        /// `-o -` was given explicitly.
        explicit: bool,
    },
    /// A file.
    File(&'a Path),
}

impl<'a> Sink<'a> {
    /// From an optional `-o` value.
    pub fn from_option(output: Option<&'a Path>) -> Sink<'a> {
        match output {
            None => Sink::Stdout { explicit: false },
            Some(p) if p == Path::new("-") => Sink::Stdout { explicit: true },
            Some(p) => Sink::File(p),
        }
    }

    /// Writes the bytes. Private key material reaches a terminal only with `-o -`.
    pub fn write(&self, bytes: &[u8], mode: Mode, force: bool) -> Result<(), Failure> {
        match self {
            Sink::File(path) => Ok(file::write(path, bytes, mode, force)?),
            Sink::Stdout { explicit } => {
                let stdout = std::io::stdout();
                if mode == Mode::Private && !explicit && stdout.is_terminal() {
                    return Err(Failure::Usage(
                        "refusing to print a private key to the terminal; \
                         use -o FILE, or -o - to print it anyway"
                            .to_owned(),
                    ));
                }
                let mut lock = stdout.lock();
                match lock.write_all(bytes).and_then(|()| lock.flush()) {
                    Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                        Err(Failure::Usage(format!("cannot write standard output: {e}")))
                    }
                    _ => Ok(()),
                }
            }
        }
    }
}

/// Writes to standard output. A closed pipe (`keysmith … | head -1`) is not an
/// error: the rest of the output is dropped and the exit code still tells the verdict.
pub fn out(args: std::fmt::Arguments<'_>) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Usage(format!("cannot write standard output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Runs `work`, showing a spinner on stderr meanwhile when `show` is set (slow
/// 3072/4096-bit key generation on a terminal). The spinner line is erased after.
pub fn with_spinner<T>(show: bool, label: &str, work: impl FnOnce() -> T) -> T {
    if !show {
        return work();
    }
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let frames = ['|', '/', '-', '\\'];
            let mut i = 0;
            loop {
                eprint!("\r{} {label}…", frames[i % frames.len()]);
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
            }
            eprint!("\r{}\r", " ".repeat(label.chars().count() + 3));
        });
        let result = work();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    })
}

/// Prints a serialisable report as one JSON value on stdout.
///
/// One list of warnings, both places: every warning printed on stderr ([`warn`]) is
/// added to the report's `warnings` (created when the report has none; in each element
/// of an array report), and every warning the report carries that was not printed yet
/// is printed on stderr.
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    let encoding = |e: serde_json::Error| Failure::Usage(format!("cannot encode JSON: {e}"));
    let mut json = serde_json::to_value(value).map_err(encoding)?;
    let printed = WARNINGS
        .lock()
        .map(|mut printed| std::mem::take(&mut *printed))
        .unwrap_or_default();
    match &mut json {
        serde_json::Value::Object(report) => merge_warnings(report, &printed),
        serde_json::Value::Array(reports) => {
            for report in reports {
                if let serde_json::Value::Object(report) = report {
                    merge_warnings(report, &printed);
                }
            }
        }
        _ => {}
    }
    let text = serde_json::to_string_pretty(&json).map_err(encoding)?;
    outln!("{text}")
}

/// Makes `report`'s `warnings` hold `printed` too, and prints its own other warnings.
fn merge_warnings(report: &mut serde_json::Map<String, serde_json::Value>, printed: &[String]) {
    use serde_json::Value;
    if let Some(Value::Array(own)) = report.get("warnings") {
        for text in own.iter().filter_map(Value::as_str) {
            if !printed.iter().any(|p| p == text) {
                eprintln!("warning: {}", keysmith::text::escape(text));
            }
        }
    }
    if printed.is_empty() {
        return;
    }
    let entry = report
        .entry("warnings")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = entry {
        let own = list.clone();
        for text in printed {
            if !own.iter().any(|w| w.as_str() == Some(text)) {
                list.push(Value::String(text.clone()));
            }
        }
    }
}

/// `keysmith completions SHELL`.
pub fn completions(args: CompletionsArgs) -> CmdResult {
    use clap::CommandFactory;
    let mut command = crate::cli::Cli::command();
    clap_complete::generate(args.shell, &mut command, "keysmith", &mut std::io::stdout());
    Ok(Outcome::Pass)
}
