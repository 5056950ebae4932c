//! The `keysmith` command: parse flags, call the library, print, map the outcome
//! to an exit code (0 ok, 1 a check said no, 2 usage or input error).

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

#[macro_use]
mod cmd;
mod cli;
mod hint;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// What a command concluded, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Success, or every check held.
    Pass,
    /// A check said no.
    Reject,
}

fn run(cli: Cli) -> Result<Outcome, cmd::Failure> {
    match cli.command {
        Command::Keygen(args) => cmd::keys::keygen(args),
        Command::Pubkey(args) => cmd::keys::pubkey(args),
        Command::Convert(args) => cmd::keys::convert(args),
        Command::Inspect(args) => cmd::keys::inspect(args),
        Command::B64(args) => cmd::keys::b64(args),
        Command::Payload(cli::PayloadCommand::Paymentsgate(args)) => cmd::keys::paymentsgate(args),
        Command::Completions(args) => cmd::completions(args),
        Command::Sign(args) => cmd::sign::sign(args),
        Command::Verify(args) => cmd::sign::verify(args),
        Command::BasicAuth(args) => cmd::token::basic_auth(args),
        Command::Token(cli::TokenCommand::Status(args)) => cmd::token::status(args),
        Command::Token(cli::TokenCommand::Get(args)) => cmd::token::get(args),
        Command::Token(cli::TokenCommand::List(args)) => cmd::token::list(args),
        Command::Token(cli::TokenCommand::Forget(args)) => cmd::token::forget(args),
        Command::Thumbprint(args) => cmd::cert::thumbprint(args),
        Command::Pkcs12(cli::cert::Pkcs12Args {
            command: Some(cli::x509::Pkcs12Command::Create(args)),
            ..
        }) => cmd::x509::pkcs12_create(args),
        Command::Pkcs12(args) => cmd::cert::pkcs12(args),
        Command::Check(args) if args.expires_within.is_some() => cmd::x509::expires(args),
        Command::Check(args) => cmd::cert::check(args),
        Command::Jwk(args) => cmd::curve::jwk(args),
        Command::Csr(args) => cmd::x509::csr(args),
        Command::Cert(cli::x509::CertCommand::SelfSigned(args)) => cmd::x509::self_signed(args),
        Command::Cert(cli::x509::CertCommand::Sign(args)) => cmd::x509::sign(args),
        Command::Jwt(command) => cmd::jwt::run(command),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Pass) => ExitCode::SUCCESS,
        Ok(Outcome::Reject) => ExitCode::from(1),
        Err(failure) => {
            // The library escapes every input value in its messages; escaping
            // the whole line again (a no-op on escaped text) keeps the binary's
            // own messages to one line too. A full or closed stderr is ignored.
            cmd::to_stderr(format_args!(
                "error: {}\n",
                keysmith::text::escape(&failure.to_string())
            ));
            ExitCode::from(2)
        }
    }
}
