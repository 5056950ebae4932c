//! README.md's examples, run as shown.
//!
//! Every ```` ```console ```` block of README.md is a session: a line starting with `$ ` is a
//! command (a line ending in `\` continues it), the lines after it up to the next `$ ` are what
//! the terminal shows (stdout and stderr together). The commands of the whole README run in order
//! in one temporary directory holding a copy of `testdata/`, with the `keysmith` under test first
//! on `PATH` and `HOME` inside the directory, so an example can use what an earlier one wrote.
//!
//! - Output shown under a command must match line for line; `…` in a shown line stands for any
//!   text (a random key's fingerprint, a Base64 body cut short).
//! - A command must exit 0, unless it ends in `# exit N` or the next line is `$ echo $?` with the
//!   code under it.
//! - A command containing `# untested:` (followed by the reason, e.g. a partner's server) is not
//!   run, and its output is not compared; the marker is visible to every reader.
//!
//! Regression for issue 10 §7: the README drifted from the
//! binary (files it never created, a signature checked against another key).

use std::path::Path;
use std::process::Command;

use crate::util::fixture;

/// The marker that keeps a command out of the run.
const UNTESTED: &str = "# untested:";

/// One `$ ` command of a console block and what README shows under it.
#[derive(Debug)]
struct Example {
    /// The README line the command starts on (1-based), for failure messages.
    line: usize,
    command: String,
    output: Vec<String>,
}

/// The examples of every ```console block, in README order.
fn examples(readme: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut in_console = false;
    let mut continued = false;
    for (index, line) in readme.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
            continued = false;
            continue;
        }
        if continued {
            let current: &mut Example = examples.last_mut().expect("a command is being continued");
            current.command.push('\n');
            current.command.push_str(line);
            continued = line.ends_with('\\');
        } else if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: index + 1,
                command: command.to_owned(),
                output: Vec::new(),
            });
            continued = command.ends_with('\\');
        } else {
            let current = examples.last_mut().unwrap_or_else(|| {
                panic!("README.md:{}: output before any `$ ` command", index + 1)
            });
            current.output.push(line.to_owned());
        }
    }
    assert!(!in_console, "README.md: a ```console block is not closed");
    examples
}

/// Whether `actual` matches `shown`, where each `…` in `shown` stands for any text.
fn line_matches(shown: &str, actual: &str) -> bool {
    let pieces: Vec<&str> = shown.split('…').collect();
    let (first, rest) = pieces.split_first().expect("split yields a piece");
    let Some(mut remaining) = actual.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return remaining.is_empty();
    };
    for piece in middle {
        match remaining.find(piece) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

/// The exit code README expects of `examples[i]`.
fn expected_exit(examples: &[Example], i: usize) -> i32 {
    let example = &examples[i];
    let last_line = example.command.lines().last().unwrap_or_default();
    if let Some((_, code)) = last_line.rsplit_once("# exit ") {
        return code
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("README.md:{}: bad `# exit N`", example.line));
    }
    match examples.get(i + 1) {
        Some(next) if next.command.trim() == "echo $?" => next
            .output
            .first()
            .and_then(|code| code.trim().parse().ok())
            .unwrap_or_else(|| panic!("README.md:{}: `echo $?` shows no code", next.line)),
        _ => 0,
    }
}

/// Fixtures README makes itself, as a newcomer must (from `client.p12`): not copied, so an
/// example that uses one before README makes it fails.
const MADE_BY_README: &[&str] = &["client.pem"];

/// Copies the flat `testdata/` directory into `dir`, but for [`MADE_BY_README`].
fn copy_fixtures(dir: &Path) {
    let testdata = fixture("");
    for entry in std::fs::read_dir(&testdata).expect("testdata/ is readable") {
        let entry = entry.expect("testdata/ entry");
        let made_by_readme = MADE_BY_README.iter().any(|name| entry.file_name() == *name);
        if entry.file_type().expect("file type").is_file() && !made_by_readme {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("fixture copied");
        }
    }
}

/// Runs every example of `readme` in a fresh directory; returns one message per failure.
fn run_readme(readme: &str) -> Vec<String> {
    let examples = examples(readme);
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixtures(dir.path());
    let home = dir.path().join("home");
    std::fs::create_dir(&home).expect("home dir");
    let binary = assert_cmd::cargo::cargo_bin!("keysmith");
    let bin_dir = binary.parent().expect("the binary has a directory");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH joins");

    let mut failures = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        let at = format!("README.md:{}: `{}`", example.line, example.command);
        if example.command.contains(UNTESTED) {
            continue;
        }
        if example.command.trim() == "echo $?" {
            // Checked through `expected_exit` of the command before it.
            continue;
        }
        let out = Command::new("bash")
            .arg("-o")
            .arg("pipefail")
            .arg("-c")
            .arg(format!("{{ {}\n}} 2>&1", example.command))
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("HOME", &home)
            .env_remove("NO_COLOR")
            .output()
            .expect("bash runs");
        let code = out.status.code().unwrap_or(-1);
        let shown = String::from_utf8_lossy(&out.stdout);
        let expected = expected_exit(&examples, i);
        if code != expected {
            failures.push(format!(
                "{at}: exit {code}, README expects {expected}; output:\n{shown}"
            ));
            continue;
        }
        if shown.contains("panicked") {
            failures.push(format!("{at}: panicked:\n{shown}"));
            continue;
        }
        if example.output.is_empty() {
            continue;
        }
        let actual: Vec<&str> = shown.lines().collect();
        let matches = actual.len() == example.output.len()
            && example
                .output
                .iter()
                .zip(&actual)
                .all(|(want, got)| line_matches(want, got));
        if !matches {
            failures.push(format!(
                "{at}: output differs\n--- README\n{}\n--- keysmith\n{shown}",
                example.output.join("\n")
            ));
        }
    }
    failures
}

#[test]
fn issue_10_readme_examples_run_as_shown() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md is readable");
    let failures = run_readme(&readme);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn readme_examples_parse_commands_continuations_and_markers() {
    let text = "intro\n```sh\n$ not-a-console-block\n```\n```console\n$ echo a \\\n    b\na b\n$ false\n$ echo $?\n1\n$ curl x   # untested: needs a server\n```\n";
    let found = examples(text);
    let commands: Vec<&str> = found.iter().map(|e| e.command.as_str()).collect();
    assert_eq!(
        commands,
        [
            "echo a \\\n    b",
            "false",
            "echo $?",
            "curl x   # untested: needs a server"
        ]
    );
    assert_eq!(found[0].output, ["a b"]);
    assert_eq!(found[0].line, 6);
    assert_eq!((expected_exit(&found, 0), expected_exit(&found, 1)), (0, 1));
}

#[test]
fn readme_ellipsis_stands_for_any_text_and_nothing_else() {
    assert!(line_matches("spki sha256: …", "spki sha256: 03AB"));
    assert!(line_matches("a…c…e", "abcde"));
    assert!(line_matches("same", "same"));
    assert!(!line_matches("same", "same but longer"));
    assert!(!line_matches("a…c", "abd"));
    assert!(!line_matches("ab…ba", "aba"));
}

#[test]
fn readme_runner_reports_drift() {
    // What the runner must catch: wrong output, a wrong exit code, a missing file.
    let drifted = "```console\n$ keysmith thumbprint client.der\n0000000000000000000000000000000000000000\n$ keysmith thumbprint missing.pem\n$ keysmith thumbprint client.der   # exit 1\n```\n";
    let failures = run_readme(drifted);
    assert_eq!(failures.len(), 3, "{failures:#?}");
    let honest = "```console\n$ keysmith thumbprint client.der\nF23E122D384BD71D3BDF00BBBA4D2CE7D0117569\n$ keysmith thumbprint missing.pem\nerror: …\n$ echo $?\n2\n$ curl https://partner.invalid/   # untested: needs the partner\n```\n";
    assert_eq!(run_readme(honest), Vec::<String>::new());
}
