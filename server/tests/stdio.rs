//! The server as a process, on each kind of stdin/stdout a client gives it: pipes, socket pairs
//! (libuv's, so Neovim's and VS Code's), a file, and one pipe for both stdout and stderr. Every
//! kind must carry the whole protocol, its log (at debug level here) kept off stdout: every
//! byte of stdout is read as a message.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

const URI: &str = "file:///w/serverless.yml";
/// A trigger the framework does not know: one diagnostic, `unknown-trigger`.
const SERVICE: &str = "service: s
provider:
  name: aws
functions:
  hello:
    handler: h.main
    events:
      - cognitoUserPool:
          pool: MyPool
          trigger: NotATrigger
";

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Sent first; nothing else may follow before its answer (a server drops what comes while it
/// initializes).
fn initialize() -> Vec<u8> {
    frame(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    )
}

fn opening() -> Vec<u8> {
    [
        json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": URI, "languageId": "yaml", "version": 1, "text": SERVICE}}}),
    ]
    .iter()
    .flat_map(frame)
    .collect()
}

/// `exit` is sent after `shutdown`'s answer, as the protocol asks.
fn shutdown() -> Vec<u8> {
    frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
}

fn exit() -> Vec<u8> {
    frame(&json!({"jsonrpc": "2.0", "method": "exit"}))
}

/// The next message, `None` at the end of the output.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

/// Reads messages until one matches `wanted`; panics at the end of the output.
fn read_until(reader: &mut impl BufRead, wanted: impl Fn(&Value) -> bool) -> Value {
    loop {
        let message = read_message(reader).expect("the server's output ended early");
        if wanted(&message) {
            return message;
        }
    }
}

fn is_diagnostics(message: &Value) -> bool {
    message["method"] == "textDocument/publishDiagnostics" && message["params"]["version"] == 1
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["params"]["diagnostics"]
        .as_array()
        .expect("a list of diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The server, its log (which says how it reads and writes) on a pipe of its own.
fn server() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_serverless-lsp"));
    command
        .arg("--stdio")
        .env("SERVERLESS_LSP_LOG", "debug")
        .stderr(Stdio::piped());
    command
}

/// What the server logged, once it has closed its stderr (when it exits).
fn log_of(child: &mut Child) -> String {
    let mut log = String::new();
    let stderr = child.stderr.as_mut().expect("stderr piped");
    stderr.read_to_string(&mut log).unwrap();
    log
}

/// Waits for the server to exit (killing it after a while: a hang must fail, not stall the
/// suite) and gives its exit code.
fn exit_code(mut child: Child) -> Option<i32> {
    let (done, waited) = mpsc::channel();
    let id = child.id();
    let watchdog = thread::spawn(move || {
        if waited.recv_timeout(Duration::from_secs(30)).is_err() {
            // Still running: end it so that the wait below returns.
            let _ = Command::new("kill").arg(id.to_string()).status();
        }
    });
    let status = child.wait().expect("the server can be waited for");
    let _ = done.send(());
    watchdog.join().unwrap();
    status.code()
}

/// A whole session over `write` / `read`: the diagnostics of the opened service, then a clean
/// shutdown.
fn session(mut write: impl Write, read: impl Read, mut child: Child) -> String {
    let mut read = BufReader::new(read);
    write.write_all(&initialize()).unwrap();
    let initialized = read_until(&mut read, |m| m["id"] == 1);
    assert!(
        initialized["result"]["capabilities"].is_object(),
        "{initialized}"
    );
    write.write_all(&opening()).unwrap();
    let diagnostics = read_until(&mut read, is_diagnostics);
    assert_eq!(codes(&diagnostics), ["unknown-trigger"]);
    write.write_all(&shutdown()).unwrap();
    let shut_down = read_until(&mut read, |m| m["id"] == 2);
    assert_eq!(shut_down["result"], Value::Null, "{shut_down}");
    write.write_all(&exit()).unwrap();
    drop(write);
    assert_eq!(
        read_message(&mut read),
        None,
        "nothing after the shutdown's answer"
    );
    let log = log_of(&mut child);
    assert_eq!(exit_code(child), Some(0), "{log}");
    log
}

#[test]
fn over_pipes() {
    let mut child = server()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (input, output) = (child.stdin.take().unwrap(), child.stdout.take().unwrap());
    let log = session(input, output, child);
    assert!(log.contains("DEBUG"), "the log went to stderr: {log}");
}

#[cfg(unix)]
#[test]
fn over_a_socket_pair() {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (ours, theirs) = UnixStream::pair().unwrap();
    let child = server()
        .stdin(OwnedFd::from(theirs.try_clone().unwrap()))
        .stdout(OwnedFd::from(theirs))
        .spawn()
        .unwrap();
    let log = session(ours.try_clone().unwrap(), ours, child);
    assert!(log.contains("DEBUG"), "the log went to stderr: {log}");
}

/// The whole input at once, then its end: the answer, and exit code 1 (no `shutdown` came).
#[test]
fn from_a_file() {
    let dir = std::env::temp_dir().join(format!("serverless-lsp-stdio-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("input");
    std::fs::write(&input, initialize()).unwrap();
    let mut child = server()
        .stdin(File::open(&input).unwrap())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let initialized = read_until(&mut output, |m| m["id"] == 1);
    assert!(
        initialized["result"]["capabilities"].is_object(),
        "{initialized}"
    );
    assert_eq!(read_message(&mut output), None);
    let log = log_of(&mut child);
    assert_eq!(exit_code(child), Some(1), "{log}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// stdout and stderr on one pipe (as `2>&1` gives): the log lines sit between the messages,
/// so only the frames are looked for.
#[test]
fn with_stderr_on_the_same_pipe() {
    let (reader, writer) = std::io::pipe().unwrap();
    let mut child = server()
        .stdin(Stdio::piped())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    // Read as it comes (a full pipe would block the server), the text so far to the test.
    let (chunks, received) = mpsc::channel();
    let reading = thread::spawn(move || {
        let mut reader = reader;
        let mut buffer = [0; 4096];
        while let Ok(n @ 1..) = reader.read(&mut buffer) {
            let _ = chunks.send(String::from_utf8_lossy(&buffer[..n]).into_owned());
        }
    });
    let mut output = String::new();
    let mut read_until = |needle: &str| {
        while !output.contains(needle) {
            let chunk = received.recv_timeout(Duration::from_secs(30));
            output.push_str(&chunk.unwrap_or_else(|_| panic!("no {needle} in {output}")));
        }
    };
    let mut input = child.stdin.take().unwrap();
    input.write_all(&initialize()).unwrap();
    read_until(r#""positionEncoding""#);
    input.write_all(&opening()).unwrap();
    read_until(r#""code":"unknown-trigger""#);
    input.write_all(&shutdown()).unwrap();
    read_until(r#"{"jsonrpc":"2.0","result":null,"id":2}"#);
    input.write_all(&exit()).unwrap();
    drop(input);
    let code = exit_code(child);
    reading.join().unwrap();
    output.extend(received.try_iter());
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("DEBUG"),
        "the log went to the same pipe: {output}"
    );
}
