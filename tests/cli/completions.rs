//! completions.

use crate::util::*;

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        let script = String::from_utf8(stdout_clean(&out)).unwrap();
        assert!(script.contains("keysmith"), "{shell}");
        assert!(script.contains("keygen"), "{shell}");
        assert!(script.contains("passphrase-file"), "{shell}");
    }
}

#[test]
fn completions_refuse_unknown_shell() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).starts_with("error: "));
    assert!(out.stdout.is_empty());
}
