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
pub mod curve;
pub mod jwt;
pub mod keys;
pub mod sign;
pub mod token;
pub mod x509;

use std::io::{IsTerminal, Write};
use std::path::Path;

use keysmith::file::{self, Mode};
use keysmith::input::Input;
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
            // The library's message, then the advice only the command line can give.
            Failure::Library(e) => match crate::hint::hint(e) {
                Some(hint) => write!(f, "{e}; {hint}"),
                None => write!(f, "{e}"),
            },
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
/// for the `--json` report's `warnings`. A closed or full stderr is ignored: a warning
/// that cannot be shown must not change the outcome (`eprintln!` would panic).
pub fn warn(message: impl std::fmt::Display) {
    let text = message.to_string();
    to_stderr(format_args!("warning: {}\n", keysmith::text::escape(&text)));
    if let Ok(mut printed) = WARNINGS.lock() {
        printed.push(text);
    }
}

/// Says a failure on stderr as one `error:` line, as `main` does, for a command
/// that goes on to exit with its own code.
pub fn report_failure(failure: &Failure) {
    to_stderr(format_args!(
        "error: {}\n",
        keysmith::text::escape(&failure.to_string())
    ));
}

/// Writes to standard error, ignoring failure (there is nowhere left to report it).
pub fn to_stderr(args: std::fmt::Arguments<'_>) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_fmt(args).and_then(|()| stderr.flush());
}

/// The time to judge by: `--now` or the system clock.
pub fn now(args: &NowArgs) -> Timestamp {
    args.now.map_or_else(Timestamp::now, Timestamp::from_unix)
}

/// How a secret file's bytes become the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileRule {
    /// openssl's `-passin file:` rule: the first line ([`Input::into_passphrase`]).
    Passphrase,
    /// All bytes but one trailing newline, unless `keep_newline` ([`Input::into_secret`]).
    Value {
        /// Keep a trailing newline.
        keep_newline: bool,
    },
}

/// Where a secret may come from: `--…-file FILE`, `--…-env VAR`.
pub struct Source<'a> {
    /// The file given, if any.
    pub file: Option<&'a Path>,
    /// The variable named, if any.
    pub env: Option<&'a str>,
    /// The flag that names the variable, for the error when it is not set.
    pub env_flag: &'static str,
    /// How the file is read.
    pub rule: FileRule,
}

/// Whether and how to ask on the terminal when no source was given.
#[derive(Clone, Copy)]
pub enum Ask<'a> {
    /// Never ask.
    Never,
    /// Ask once with this prompt.
    Once(&'a str),
    /// Ask twice (to encrypt): the second answer must match the first.
    Twice(&'a str),
}

/// A secret from its file or environment variable, or a prompt when standard
/// input is a terminal; with where it came from.
///
/// `None` when no source was given and there is no terminal to ask. The name of
/// a variable that is not set is never printed: it may be the secret itself,
/// typed where the name belongs.
pub fn secret(source: &Source<'_>, ask: Ask<'_>) -> Result<Option<(Secret, Origin)>, Failure> {
    if let Some(path) = source.file {
        let secret = match source.rule {
            FileRule::Passphrase => Input::read(path)?.into_passphrase(),
            FileRule::Value { keep_newline } => Input::read(path)?.into_secret(keep_newline),
        };
        return Ok(Some((secret, Origin::from_path(path))));
    }
    if let Some(var) = source.env {
        let Some(value) = std::env::var_os(var) else {
            return Err(Failure::Usage(format!(
                "the variable given to {} is not set",
                source.env_flag
            )));
        };
        let bytes = zeroize::Zeroizing::new(value.into_encoded_bytes());
        let secret = match source.rule {
            // openssl's `-passin env:` takes the value exactly as it is.
            FileRule::Passphrase => Secret::new(bytes.as_slice()),
            FileRule::Value { keep_newline } => {
                Input::from_bytes(Origin::Env(var.to_owned()), bytes.to_vec())
                    .into_secret(keep_newline)
            }
        };
        return Ok(Some((secret, Origin::Env(var.to_owned()))));
    }
    let (prompt, twice) = match ask {
        Ask::Never => return Ok(None),
        Ask::Once(p) => (p, false),
        Ask::Twice(p) => (p, true),
    };
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let first = prompt_secret(prompt)?;
    if twice {
        let again = prompt_secret("Confirm passphrase: ")?;
        if first.expose() != again.expose() {
            return Err(Failure::Usage(
                "the passphrases typed do not match".to_owned(),
            ));
        }
    }
    Ok(Some((first, Origin::Prompt)))
}

/// Reads one secret from the terminal with echo off.
///
/// rpassword turns off echo and signals, reads Ctrl-C as a character and then
/// raises SIGINT itself, before it has restored the terminal: by default that
/// would kill keysmith and leave the terminal without echo. So while it reads,
/// SIGINT only sets a flag; rpassword then returns, restoring the terminal, and
/// keysmith dies of SIGINT as the default action would have it (exit 130 in a
/// shell).
fn prompt_secret(prompt: &str) -> Result<Secret, Failure> {
    use signal_hook::consts::SIGINT;
    let interrupted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let id = signal_hook::flag::register(SIGINT, interrupted.clone()).ok();
    let read = rpassword::prompt_password(prompt);
    if let Some(id) = id {
        signal_hook::low_level::unregister(id);
    }
    if interrupted.load(std::sync::atomic::Ordering::SeqCst) {
        let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
    }
    let text = zeroize::Zeroizing::new(
        read.map_err(|e| Failure::Usage(format!("cannot read the passphrase: {e}")))?,
    );
    Ok(Secret::new(text.as_bytes()))
}

/// Where `--passphrase-file/-env` point.
fn passphrase_source(args: &PassphraseArgs) -> Source<'_> {
    Source {
        file: args.passphrase_file.as_deref(),
        env: args.passphrase_env.as_deref(),
        env_flag: "--passphrase-env",
        rule: FileRule::Passphrase,
    }
}

/// Where the passphrase of `--passphrase-file/-env` came from (else the prompt).
pub fn passphrase_origin(args: &PassphraseArgs) -> Origin {
    match (&args.passphrase_file, &args.passphrase_env) {
        (Some(path), _) => Origin::from_path(path),
        (None, Some(var)) => Origin::Env(var.clone()),
        (None, None) => Origin::Prompt,
    }
}

/// The passphrase from `--passphrase-file/-env`, or a prompt on a terminal.
pub fn passphrase(args: &PassphraseArgs, prompt: bool) -> Result<Option<Secret>, Failure> {
    let ask = if prompt {
        Ask::Once("Passphrase: ")
    } else {
        Ask::Never
    };
    Ok(secret(&passphrase_source(args), ask)?.map(|(s, _)| s))
}

/// The passphrase to encrypt with, from `--passphrase-file/-env` or asked twice
/// on a terminal; refused when empty. `None` when there is no source at all.
pub fn encryption_passphrase(args: &PassphraseArgs) -> Result<Option<Secret>, Failure> {
    match secret(&passphrase_source(args), Ask::Twice("Passphrase: "))? {
        Some((s, origin)) => Ok(Some(s.for_encryption(&origin)?)),
        None => Ok(None),
    }
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

/// Reads and loads a key of any algorithm (RSA, EC, Ed25519), asking for its
/// passphrase if need be (see [`with_passphrase`]); returns the passphrase that
/// opened it too.
pub fn load_any_key(
    path: &Path,
    args: &PassphraseArgs,
) -> Result<
    (
        keysmith::input::Input,
        keysmith::key::LoadedKey<keysmith::key::AnyKey>,
        Option<Secret>,
    ),
    Failure,
> {
    let input = keysmith::input::Input::read(path)?;
    let (loaded, used) = with_passphrase(args, input.origin(), |p| keysmith::key::load(&input, p))?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    Ok((input, loaded, used))
}

/// As [`load_any_key`], for a private key of any algorithm (RSA, EC, Ed25519): a
/// public key is an error naming the file.
pub fn load_any_private_key(
    path: &Path,
    args: &PassphraseArgs,
) -> Result<(keysmith::input::Input, keysmith::key::AnyPrivateKey), Failure> {
    let input = keysmith::input::Input::read(path)?;
    let (loaded, _) = with_passphrase(args, input.origin(), |p| {
        keysmith::key::load_private(&input, p)
    })?;
    report_repairs(input.origin().clone(), &loaded.repairs);
    Ok((input, loaded.key))
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
            Sink::File(path) => Ok(file::write_all(
                &[file::Output { path, bytes, mode }],
                force,
            )?),
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
                to_stderr(format_args!("\r{} {label}…", frames[i % frames.len()]));
                i += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
                if done.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
            }
            to_stderr(format_args!(
                "\r{}\r",
                " ".repeat(label.chars().count() + 3)
            ));
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
                to_stderr(format_args!("warning: {}\n", keysmith::text::escape(text)));
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
    // clap_complete panics when its writer fails (`keysmith completions fish |
    // head -c1`): generate into memory, then write as every command does.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "keysmith", &mut script);
    Sink::from_option(None).write(&script, Mode::Public, false)?;
    Ok(Outcome::Pass)
}
