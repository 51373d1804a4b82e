//! The protocol handlers. Thin: each one updates the [`Session`] synchronously, before its
//! first `.await` (see `session.rs` for why), then hands the slow work to a task.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, CompletionList, CompletionOptions, CompletionParams, CompletionResponse,
    ConfigurationItem, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse,
    Hover, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult,
    InitializedParams, InlayHint, InlayHintParams, Location, OneOf, PrepareRenameResponse,
    ReferenceParams, Registration, RenameOptions, RenameParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentIdentifier, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceEdit,
};
use tower_lsp_server::{Client, LanguageServer};
use tracing::{debug, info, warn};

use super::analyzer::Analyzer;
use super::publish::{clear, spawn_analysis};
use super::service_file::is_service_file;
use super::session::{ClientSupport, Session};
use super::{convert, features, settings};

pub struct Server {
    session: Arc<Session>,
    /// Set by `shutdown`; decides the exit code.
    shutdown_requested: Arc<AtomicBool>,
    /// Numbers settings reloads in the order they start.
    settings_reloads: AtomicU64,
}

impl Server {
    pub fn new(
        client: Client,
        analyzer: Arc<dyn Analyzer>,
        shutdown_requested: Arc<AtomicBool>,
    ) -> Self {
        Server {
            session: Arc::new(Session::new(client, analyzer)),
            shutdown_requested,
            settings_reloads: AtomicU64::new(0),
        }
    }

    /// Re-reads the settings (pulled from the client when it supports that, else `pushed`)
    /// and, if `always` or they changed, re-analyses every open document with them.
    async fn reload_settings(&self, pushed: Option<Value>, always: bool) {
        // Two reloads may overlap (each waits for the client); the later-started one wins.
        let ticket = self.settings_reloads.fetch_add(1, Ordering::SeqCst) + 1;
        let support = self.session.state().client_support;
        let source = if support.configuration {
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some(settings::SECTION.to_owned()),
            };
            match self.session.client.configuration(vec![item]).await {
                Ok(mut values) => values.pop(),
                Err(err) => {
                    warn!("workspace/configuration failed: {err}; keeping the current settings");
                    return;
                }
            }
        } else {
            pushed
        };

        let jobs = {
            let mut state = self.session.state();
            if state.settings_ticket > ticket {
                debug!(
                    "settings reload {ticket} overtaken by {}",
                    state.settings_ticket
                );
                return;
            }
            state.settings_ticket = ticket;
            let settings = source
                .as_ref()
                .and_then(settings::from_json)
                .unwrap_or_else(|| state.initial_settings.clone());
            if !always && settings == *state.settings {
                return;
            }
            info!("settings: {settings:?}");
            state.settings = Arc::new(settings);
            let snapshots = state.documents.revise_all();
            snapshots
                .into_iter()
                .filter_map(|s| state.schedule(s))
                .collect::<Vec<_>>()
        };
        for job in jobs {
            spawn_analysis(&self.session, job);
        }
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = convert::negotiate_encoding(&params.capabilities);
        let workspace = params.capabilities.workspace.as_ref();
        let client_support = ClientSupport {
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            configuration_change_registration: workspace
                .and_then(|w| w.did_change_configuration)
                .and_then(|c| c.dynamic_registration)
                .unwrap_or(false),
        };
        let initial_settings = params
            .initialization_options
            .as_ref()
            .and_then(settings::from_json)
            .unwrap_or_default();
        info!("position encoding {encoding:?}, {client_support:?}, settings {initial_settings:?}");
        {
            let mut state = self.session.state();
            state.encoding = encoding;
            state.client_support = client_support;
            state.settings = Arc::new(initial_settings.clone());
            state.initial_settings = initial_settings;
        }

        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(convert::encoding_kind(encoding)),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(
                        [":", " ", "$", "{", ".", "-"].map(str::to_owned).to_vec(),
                    ),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                        ..CodeActionOptions::default()
                    },
                )),
                document_symbol_provider: Some(OneOf::Left(true)),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: env!("CARGO_PKG_NAME").to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let support = self.session.state().client_support;
        if support.configuration_change_registration {
            // Clients that pull settings only announce changes to servers registered for them.
            let registration = Registration {
                id: "serverless-lsp/didChangeConfiguration".to_owned(),
                method: "workspace/didChangeConfiguration".to_owned(),
                register_options: None,
            };
            if let Err(err) = self
                .session
                .client
                .register_capability(vec![registration])
                .await
            {
                warn!("could not register for configuration changes: {err}");
            }
        }
        if support.configuration {
            self.reload_settings(None, false).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        if !is_service_file(&document.uri) {
            debug!("not a service file, ignored: {}", document.uri.as_str());
            return;
        }
        let job = {
            let mut state = self.session.state();
            let snapshot = state
                .documents
                .open(document.uri, &document.text, document.version);
            state.schedule(snapshot)
        };
        if let Some(job) = job {
            spawn_analysis(&self.session, job);
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let DidChangeTextDocumentParams {
            text_document,
            content_changes,
        } = params;
        let uri = text_document.uri;
        if !is_service_file(&uri) {
            return;
        }
        // Applied here, before any `.await`, so that edits land in the order they were sent.
        let job = {
            let mut state = self.session.state();
            let encoding = state.encoding;
            let changes = content_changes.iter().map(|change| {
                (
                    change.range.map(convert::range_from_lsp),
                    change.text.as_str(),
                )
            });
            match state
                .documents
                .change(&uri, text_document.version, changes, encoding)
            {
                Some(snapshot) => state.schedule(snapshot),
                None => {
                    warn!("didChange for {}, which is not open; ignored", uri.as_str());
                    None
                }
            }
        };
        if let Some(job) = job {
            spawn_analysis(&self.session, job);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if !is_service_file(&uri) {
            return;
        }
        // The text is unchanged, but files it includes (`${file(...)}`) may have been saved.
        let job = {
            let mut state = self.session.state();
            let snapshot = state.documents.revise(&uri);
            snapshot.and_then(|snapshot| state.schedule(snapshot))
        };
        if let Some(job) = job {
            spawn_analysis(&self.session, job);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if !is_service_file(&uri) {
            return;
        }
        if self.session.state().documents.close(&uri) {
            self.session.workers.close(&uri);
            clear(&self.session, uri).await;
        } else {
            warn!("didClose for {}, which is not open; ignored", uri.as_str());
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.reload_settings(Some(params.settings), true).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(point) = self.query_point(&at.text_document.uri, at.position).await else {
            return Ok(None);
        };
        Ok(features::hover(&point, self.encoding()))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some(point) = self.query_point(&at.text_document.uri, at.position).await else {
            return Ok(None);
        };
        let (items, is_incomplete) = features::completion(&point, self.encoding());
        if items.is_empty() && !is_incomplete {
            return Ok(None);
        }
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete,
            items,
        })))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri;
        let Some(point) = self.query_point(&uri, at.position).await else {
            return Ok(None);
        };
        let locations = features::definition(&point, &uri, self.encoding());
        Ok((!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations)))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let uri = params.text_document.uri;
        if !is_service_file(&uri) {
            return Ok(None);
        }
        let Some(analysis) = self.session.current_analysis(&uri).await else {
            return Ok(None);
        };
        Ok(Some(features::inlay_hints(&analysis, self.encoding())))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let uri = at.text_document.uri;
        let Some(point) = self.query_point(&uri, at.position).await else {
            return Ok(None);
        };
        let found = features::references(&point, &uri, self.encoding());
        Ok((!found.is_empty()).then_some(found))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some(point) = self
            .query_point(&params.text_document.uri, params.position)
            .await
        else {
            return Ok(None);
        };
        Ok(features::prepare_rename(&point, self.encoding()).map(PrepareRenameResponse::Range))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let uri = at.text_document.uri;
        let Some(point) = self.query_point(&uri, at.position).await else {
            return Ok(None);
        };
        Ok(features::rename(
            &point,
            &uri,
            &params.new_name,
            self.encoding(),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        if !is_service_file(&uri) {
            return Ok(None);
        }
        let Some(analysis) = self.session.current_analysis(&uri).await else {
            return Ok(None);
        };
        let actions = features::code_actions(
            &analysis,
            &uri,
            params.range,
            &params.context.diagnostics,
            self.encoding(),
        );
        Ok(Some(actions))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        if !is_service_file(&uri) {
            return Ok(None);
        }
        let Some(analysis) = self.session.current_analysis(&uri).await else {
            return Ok(None);
        };
        let symbols = features::document_symbols(&analysis, self.encoding());
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }
}

/// `serverless/compiledTemplate`'s parameters.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompiledTemplateParams {
    pub text_document: TextDocumentIdentifier,
}

/// The custom request's name.
pub const COMPILED_TEMPLATE: &str = "serverless/compiledTemplate";

impl Server {
    fn encoding(&self) -> sls_text::PositionEncoding {
        self.session.state().encoding
    }

    /// `serverless/compiledTemplate`: the template `serverless package` would write for the
    /// document as it is now, or an error carrying the framework's failure message.
    pub async fn compiled_template(&self, params: CompiledTemplateParams) -> Result<String> {
        let uri = params.text_document.uri;
        let failure = |message: String| Error {
            code: ErrorCode::InvalidRequest,
            message: message.into(),
            data: None,
        };
        let analysis = match self.session.current_analysis(&uri).await {
            Some(analysis) => analysis,
            None => {
                return Err(failure(format!(
                    "{} is not an open service file",
                    uri.as_str()
                )));
            }
        };
        let Some(result) = &analysis.result else {
            return Err(failure("the document has not been analysed".to_owned()));
        };
        match &result.compiled {
            Some(Ok(compiled)) => Ok(sls_compile::render(&compiled.template)),
            Some(Err(failure_)) => Err(Error {
                code: ErrorCode::ServerError(1),
                message: failure_.error.message.clone().into(),
                data: None,
            }),
            None => Err(failure("the document does not parse as YAML".to_owned())),
        }
    }
}

impl Server {
    async fn query_point(
        &self,
        uri: &Uri,
        position: tower_lsp_server::ls_types::Position,
    ) -> Option<super::session::QueryPoint> {
        if !is_service_file(uri) {
            return None;
        }
        self.session.query_point(uri, position).await
    }
}
