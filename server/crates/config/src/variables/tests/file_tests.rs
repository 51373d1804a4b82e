//! `${file(...)}` on a real directory: JSON and text files, addresses, missing files, and the
//! refusals: nothing outside the service directory (by `..`, an absolute path or a symlink) is
//! read, and JavaScript is never run.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::support::{doc, render};
use crate::variables::{FsFileReader, ResolveContext, resolve};

/// A fresh directory holding `svc/` (the service) and `outside/`.
fn temp_root() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sls-vars-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("svc/conf")).unwrap();
    fs::create_dir_all(dir.join("outside")).unwrap();
    dir
}

fn resolve_in(root: &std::path::Path, src: &str) -> String {
    let env: HashMap<String, String> = HashMap::new();
    let lookup = move |k: &str| env.get(k).cloned();
    let mut ctx = ResolveContext::new(root.join("svc"), &lookup, &FsFileReader);
    ctx.source = Some(src);
    let (value, problems) = resolve(&doc(src), &ctx);
    render(src, &value, &problems)
}

#[test]
fn json_and_text_files_with_addresses() {
    // Oracle (f1): deep / l1 / "xhello\ny" / fb / nf / 2.5, and the whole object.
    let root = temp_root();
    let svc = root.join("svc");
    fs::write(
        svc.join("data.json"),
        r#"{"a": {"b": "deep"}, "list": ["l0", "l1"], "num": 2.50}"#,
    )
    .unwrap();
    fs::write(svc.join("text.txt"), "hello\n").unwrap();
    fs::write(
        svc.join("conf/params.json"),
        r#"{"name": "${self:custom.me}"}"#,
    )
    .unwrap();
    let src = r#"custom:
  me: from-main
out:
  a: ${file(./data.json):a.b}
  b: ${file(data.json):list.1}
  c: ${file(data.json):a}
  d: x${file(./text.txt)}y
  e: ${file(data.json):a.missing, 'fb'}
  f: ${file(nope.json), 'nf'}
  g: ${file(./data.json):num}
  h: ${file(conf/params.json):name}
"#;
    insta::assert_snapshot!(resolve_in(&root, src));
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn missing_and_broken_files() {
    // Oracle (f2): "Value not found at "file" source"; a JSON parse error names the file, a
    // YAML one is js-yaml's message (with the file's absolute path) and snippet.
    let root = temp_root();
    fs::write(root.join("svc/bad.json"), "{bad").unwrap();
    fs::write(root.join("svc/conf/bad.yml"), "a: 1\na: 2\n").unwrap();
    let src =
        "out:\n  a: ${file(nope.json)}\n  b: ${file(bad.json)}\n  c: ${file(conf/bad.yml):a}\n";
    let out = resolve_in(&root, src).replace(&root.display().to_string(), "<ROOT>");
    insta::assert_snapshot!(out);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn yaml_files_with_tags_and_addresses() {
    // Oracle cases 69 and 91: js-yaml with the CloudFormation schema; what the file holds
    // points at the variable.
    let root = temp_root();
    fs::write(
        root.join("svc/conf/x.yml"),
        "k: v\nref: !Ref Thing\nnested:\n  list: [1, two]\n  me: ${self:custom.me}\n",
    )
    .unwrap();
    let src = "custom:\n  me: main\nout:\n  a: ${file(conf/x.yml):k}\n  b: ${file(conf/x.yml):ref}\n  c: ${file(./conf/x.yml):nested}\n  d: ${file(conf/x.yml):nested.me}\n";
    insta::assert_snapshot!(resolve_in(&root, src));

    let env = |_: &str| None;
    let ctx = ResolveContext::new(root.join("svc"), &env, &FsFileReader);
    let (value, problems) = resolve(&doc(src), &ctx);
    assert!(problems.is_empty(), "{problems:?}");
    let variable = &src[src.find("${file(./conf").unwrap()..];
    let variable = &variable[..variable.find('}').unwrap() + 1];
    let nested = value.get_path(["out", "c"]).unwrap();
    let list = nested.get("list").unwrap();
    for range in [
        nested.range,
        list.range,
        list.as_sequence().unwrap()[1].range,
    ] {
        assert_eq!(&src[range], variable);
    }
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn files_outside_the_service_are_never_read() {
    let root = temp_root();
    fs::write(root.join("outside/secret.json"), r#"{"k": "SECRET"}"#).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("outside/secret.json"), root.join("svc/link.json"))
            .unwrap();
        std::os::unix::fs::symlink(root.join("outside"), root.join("svc/linkdir")).unwrap();
    }
    let abs = root.join("outside/secret.json");
    let src = format!(
        "out:\n  a: ${{file(../outside/secret.json):k}}\n  b: ${{file(link.json):k}}\n  c: ${{file(linkdir/secret.json):k}}\n  d: ${{file({}):k}}\n  e: ${{file(conf/../../outside/secret.json):k, 'fallback'}}\n",
        abs.display()
    );
    let out = resolve_in(&root, &src);
    assert!(!out.contains("SECRET"), "{out}");
    let refusals = out.matches("[var-file-outside-service Error").count();
    assert_eq!(refusals, if cfg!(unix) { 5 } else { 3 }, "{out}");
    // A refusal is an error, not a missing value: the fallback is not used.
    assert!(!out.contains("\"e\": \"fallback\""), "{out}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn javascript_is_never_run() {
    let root = temp_root();
    fs::write(
        root.join("svc/x.js"),
        "require('fs').writeFileSync('ran', '1'); module.exports = { y: 1 };",
    )
    .unwrap();
    let src = "out:\n  a: ${file(x.js):y}\n  b: ${file(./x.js)}\n";
    let out = resolve_in(&root, src);
    assert!(!root.join("svc/ran").exists());
    insta::assert_snapshot!(out);
    fs::remove_dir_all(root).unwrap();
}
