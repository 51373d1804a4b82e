//! A small typed LSP client driving the real server in-process over `tokio::io::duplex` pipes,
//! speaking raw JSON-RPC with `Content-Length` framing, as an editor would.
//!
//! A reader task routes what the server sends: responses to the request that awaits them,
//! requests from the server answered at once (`workspace/configuration` with the client's
//! current settings, anything else with `null`), notifications queued for the test.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use serverless_lsp::lsp::{Analyzer, serve};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::notification::{self, Notification};
use tower_lsp_server::ls_types::request::{self, Request};
use tower_lsp_server::ls_types::{
    ClientCapabilities, DidChangeConfigurationClientCapabilities, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    GeneralClientCapabilities, InitializeParams, InitializeResult, InitializedParams,
    PositionEncodingKind, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent,
    TextDocumentIdentifier, TextDocumentItem, Uri, VersionedTextDocumentIdentifier,
    WorkspaceClientCapabilities,
};

/// Long enough for a loaded CI machine; a hang fails the test instead of blocking it.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Every `(uri, version)` published, in the order the server sent them.
type PublishLog = Arc<Mutex<Vec<(String, Option<i32>)>>>;
/// Requests sent by the client, by id, waiting for their response.
type Pending = Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>;

#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// `general.positionEncodings`; `None` leaves the capability out.
    pub encodings: Option<Vec<PositionEncodingKind>>,
    pub initialization_options: Option<Value>,
    /// The client's `serverless` section. `Some` makes the client support
    /// `workspace/configuration` (and dynamic registration of configuration changes).
    pub configuration: Option<Value>,
}

pub struct TestClient {
    outgoing: mpsc::UnboundedSender<Value>,
    pending: Pending,
    awaiting: HashMap<i64, oneshot::Receiver<Value>>,
    notifications: mpsc::UnboundedReceiver<Value>,
    unread: VecDeque<Value>,
    configuration: Arc<Mutex<Value>>,
    /// Every `(uri, version)` published, in the order the server sent them.
    published: PublishLog,
    /// Methods of the requests the server sent.
    server_requests: Arc<Mutex<Vec<String>>>,
    versions: HashMap<String, i32>,
    next_id: i64,
    server: JoinHandle<i32>,
    pub initialize_result: InitializeResult,
    /// How long to wait for a response or notification before failing (`TIMEOUT` unless a
    /// test expects slow work).
    pub wait: Duration,
}

impl TestClient {
    /// Starts a server with `analyzer` and runs `initialize` / `initialized`.
    pub async fn start(analyzer: Arc<dyn Analyzer>, options: ClientOptions) -> TestClient {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server_end);
        let server = tokio::spawn(serve(server_in, server_out, analyzer));

        let (client_in, mut client_out) = tokio::io::split(client_end);
        let (outgoing, mut to_send) = mpsc::unbounded_channel::<Value>();
        tokio::spawn(async move {
            while let Some(message) = to_send.recv().await {
                let body = message.to_string();
                let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
                if client_out.write_all(frame.as_bytes()).await.is_err() {
                    break;
                }
            }
        });

        let pending: Pending = Arc::default();
        let configuration = Arc::new(Mutex::new(
            options.configuration.clone().unwrap_or(Value::Null),
        ));
        let published: PublishLog = Arc::default();
        let server_requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (notify, notifications) = mpsc::unbounded_channel();
        tokio::spawn(route_incoming(
            BufReader::new(client_in),
            Router {
                outgoing: outgoing.clone(),
                pending: Arc::clone(&pending),
                configuration: Arc::clone(&configuration),
                published: Arc::clone(&published),
                server_requests: Arc::clone(&server_requests),
                notify,
            },
        ));

        let mut client = TestClient {
            outgoing,
            pending,
            awaiting: HashMap::new(),
            notifications,
            unread: VecDeque::new(),
            configuration,
            published,
            server_requests,
            versions: HashMap::new(),
            next_id: 1,
            server,
            initialize_result: InitializeResult::default(),
            wait: TIMEOUT,
        };
        client.initialize_result = client
            .request::<request::Initialize>(initialize_params(&options))
            .await
            .expect("initialize succeeds");
        client.notify::<notification::Initialized>(InitializedParams {});
        client
    }

    pub fn notify<N: Notification>(&self, params: N::Params) {
        self.send(json!({"jsonrpc": "2.0", "method": N::METHOD, "params": params}));
    }

    /// Sends a request and returns its id without waiting for the answer.
    pub fn send_request<R: Request>(&mut self, params: R::Params) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        self.awaiting.insert(id, rx);
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": R::METHOD, "params": params}));
        id
    }

    /// The whole response (`result` or `error`) to request `id`.
    pub async fn response(&mut self, id: i64) -> Value {
        let rx = self
            .awaiting
            .remove(&id)
            .expect("a request sent by this client");
        let wait = self.wait;
        tokio::time::timeout(wait, rx)
            .await
            .unwrap_or_else(|_| panic!("no response to request {id} within {wait:?}"))
            .expect("server still running")
    }

    /// Sends a request and decodes its result; `Err` holds the JSON-RPC error object.
    pub async fn request<R: Request>(&mut self, params: R::Params) -> Result<R::Result, Value>
    where
        R::Result: DeserializeOwned,
    {
        let id = self.send_request::<R>(params);
        let mut response = self.response(id).await;
        if let Some(error) = response.get_mut("error") {
            return Err(error.take());
        }
        let result = response
            .get_mut("result")
            .map(Value::take)
            .unwrap_or_default();
        Ok(serde_json::from_value(result).expect("result of the expected type"))
    }

    /// Returns once the server has taken in everything sent before: a request is answered
    /// only after the notifications before it were handled (their handlers start in order, and
    /// document changes complete before their first `.await`).
    pub async fn barrier(&mut self) {
        let elsewhere = "file:///barrier/not-a-service.txt".parse().unwrap();
        let params = tower_lsp_server::ls_types::HoverParams {
            text_document_position_params:
                tower_lsp_server::ls_types::TextDocumentPositionParams::new(
                    TextDocumentIdentifier::new(elsewhere),
                    tower_lsp_server::ls_types::Position::new(0, 0),
                ),
            work_done_progress_params: Default::default(),
        };
        let answer = self.request::<request::HoverRequest>(params).await;
        assert_eq!(answer, Ok(None));
    }

    pub fn cancel(&self, id: i64) {
        self.notify::<notification::Cancel>(tower_lsp_server::ls_types::CancelParams {
            id: tower_lsp_server::ls_types::NumberOrString::Number(id as i32),
        });
    }

    /// Opens `uri` with `text` at version 1.
    pub fn open(&mut self, uri: &Uri, text: &str) -> i32 {
        self.open_at(uri, text, 1)
    }

    pub fn open_at(&mut self, uri: &Uri, text: &str, version: i32) -> i32 {
        self.versions.insert(uri.as_str().to_owned(), version);
        self.notify::<notification::DidOpenTextDocument>(DidOpenTextDocumentParams {
            text_document: TextDocumentItem::new(uri.clone(), "yaml".into(), version, text.into()),
        });
        version
    }

    /// Sends `changes` as the next version of `uri`; returns that version.
    pub fn change(&mut self, uri: &Uri, changes: Vec<TextDocumentContentChangeEvent>) -> i32 {
        let version = self.versions.get(uri.as_str()).copied().unwrap_or(0) + 1;
        self.change_at(uri, version, changes)
    }

    /// Sends `changes` with an explicit `version`, which may go backwards.
    pub fn change_at(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> i32 {
        self.versions.insert(uri.as_str().to_owned(), version);
        self.notify::<notification::DidChangeTextDocument>(DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri.clone(), version),
            content_changes: changes,
        });
        version
    }

    /// Replaces `range` with `text` as the next version.
    pub fn edit(&mut self, uri: &Uri, range: Range, text: &str) -> i32 {
        self.change(uri, vec![replace(range, text)])
    }

    pub fn close(&mut self, uri: &Uri) {
        self.versions.remove(uri.as_str());
        self.notify::<notification::DidCloseTextDocument>(DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier::new(uri.clone()),
        });
    }

    /// Changes the client's settings and announces it (with the new settings pushed too, as
    /// clients without `workspace/configuration` do).
    pub fn change_configuration(&self, configuration: Value) {
        *self.configuration.lock().unwrap() = configuration.clone();
        self.notify::<notification::DidChangeConfiguration>(DidChangeConfigurationParams {
            settings: json!({ "serverless": configuration }),
        });
    }

    /// The next `publishDiagnostics` for `uri` with `version`, skipping earlier ones for it.
    pub async fn diagnostics(&mut self, uri: &Uri, version: i32) -> PublishDiagnosticsParams {
        loop {
            let published = self.next_publish(uri).await;
            if published.version == Some(version) {
                return published;
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`, whatever its version.
    pub async fn next_publish(&mut self, uri: &Uri) -> PublishDiagnosticsParams {
        let params = self
            .next_notification(notification::PublishDiagnostics::METHOD, |params| {
                params["uri"] == uri.as_str()
            })
            .await;
        serde_json::from_value(params).expect("publishDiagnostics params")
    }

    /// The params of the next notification `method` whose params satisfy `wanted`; others
    /// stay queued for later calls.
    pub async fn next_notification<T: DeserializeOwned>(
        &mut self,
        method: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> T {
        let matches = |message: &Value| message["method"] == method && wanted(&message["params"]);
        if let Some(index) = self.unread.iter().position(matches) {
            let message = self.unread.remove(index).unwrap();
            return serde_json::from_value(message["params"].clone()).expect("params");
        }
        let wait = self.wait;
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.notifications.recv())
                .await
                .unwrap_or_else(|_| panic!("no {method} within {wait:?}"))
                .expect("server still running");
            if matches(&message) {
                return serde_json::from_value(message["params"].clone()).expect("params");
            }
            self.unread.push_back(message);
        }
    }

    /// `(uri, version)` of every publish so far, in the order sent.
    pub fn published(&self) -> Vec<(String, Option<i32>)> {
        self.published.lock().unwrap().clone()
    }

    /// Versions published for `uri` so far, in the order sent.
    pub fn published_versions(&self, uri: &Uri) -> Vec<Option<i32>> {
        self.published()
            .into_iter()
            .filter(|(published, _)| published == uri.as_str())
            .map(|(_, version)| version)
            .collect()
    }

    pub fn server_requests(&self) -> Vec<String> {
        self.server_requests.lock().unwrap().clone()
    }

    /// `shutdown`, then `exit`; the server's exit code.
    pub async fn shutdown_and_exit(mut self) -> i32 {
        self.request::<request::Shutdown>(())
            .await
            .expect("shutdown succeeds");
        self.exit().await
    }

    /// `exit` (after `shutdown` or not); the server's exit code.
    pub async fn exit(self) -> i32 {
        self.notify::<notification::Exit>(());
        tokio::time::timeout(TIMEOUT, self.server)
            .await
            .expect("server exits")
            .expect("server task")
    }

    fn send(&self, message: Value) {
        self.outgoing.send(message).expect("writer running");
    }
}

/// A content change replacing `range` with `text`.
pub fn replace(range: Range, text: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: Some(range),
        range_length: None,
        text: text.into(),
    }
}

/// A content change replacing the whole text.
pub fn full_text(text: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: text.into(),
    }
}

pub fn uri(path: &str) -> Uri {
    format!("file:///workspace/{path}").parse().expect("URI")
}

fn initialize_params(options: &ClientOptions) -> InitializeParams {
    let pulls_configuration = options.configuration.is_some();
    InitializeParams {
        capabilities: ClientCapabilities {
            general: options
                .encodings
                .clone()
                .map(|encodings| GeneralClientCapabilities {
                    position_encodings: Some(encodings),
                    ..GeneralClientCapabilities::default()
                }),
            workspace: Some(WorkspaceClientCapabilities {
                configuration: Some(pulls_configuration),
                did_change_configuration: Some(DidChangeConfigurationClientCapabilities {
                    dynamic_registration: Some(pulls_configuration),
                }),
                ..WorkspaceClientCapabilities::default()
            }),
            ..ClientCapabilities::default()
        },
        initialization_options: options.initialization_options.clone(),
        ..InitializeParams::default()
    }
}

struct Router {
    outgoing: mpsc::UnboundedSender<Value>,
    pending: Pending,
    configuration: Arc<Mutex<Value>>,
    published: PublishLog,
    server_requests: Arc<Mutex<Vec<String>>>,
    notify: mpsc::UnboundedSender<Value>,
}

async fn route_incoming(mut input: BufReader<tokio::io::ReadHalf<DuplexStream>>, router: Router) {
    while let Some(message) = read_message(&mut input).await {
        let method = message.get("method").and_then(Value::as_str);
        let id = message.get("id").cloned();
        match (method, id) {
            (Some(method), Some(id)) => {
                router
                    .server_requests
                    .lock()
                    .unwrap()
                    .push(method.to_owned());
                let result = answer_server_request(method, &message["params"], &router);
                let _ = router
                    .outgoing
                    .send(json!({"jsonrpc": "2.0", "id": id, "result": result}));
            }
            (Some(method), None) => {
                if method == notification::PublishDiagnostics::METHOD {
                    let params = &message["params"];
                    let uri = params["uri"].as_str().unwrap_or_default().to_owned();
                    let version = params["version"].as_i64().map(|v| v as i32);
                    router.published.lock().unwrap().push((uri, version));
                }
                let _ = router.notify.send(message);
            }
            (None, Some(id)) => {
                let waiting = id
                    .as_i64()
                    .and_then(|id| router.pending.lock().unwrap().remove(&id));
                if let Some(waiting) = waiting {
                    let _ = waiting.send(message);
                }
            }
            (None, None) => panic!("not a JSON-RPC message: {message}"),
        }
    }
}

fn answer_server_request(method: &str, params: &Value, router: &Router) -> Value {
    match method {
        request::WorkspaceConfiguration::METHOD => {
            let items = params["items"].as_array().map_or(0, Vec::len);
            let configuration = router.configuration.lock().unwrap().clone();
            Value::Array(vec![configuration; items])
        }
        _ => Value::Null,
    }
}

/// One framed message, or `None` at the end of the stream.
pub async fn read_message<R: tokio::io::AsyncBufRead + Unpin>(input: &mut R) -> Option<Value> {
    let mut content_length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = Some(value.trim().parse::<usize>().expect("a length"));
        }
    }
    let mut body = vec![0; content_length.expect("Content-Length header")];
    input.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}
