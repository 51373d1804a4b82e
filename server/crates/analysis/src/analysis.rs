//! One document version, analysed once: parsed, loaded, resolved, compiled, checked. Every
//! editor feature is a pure function over the [`Analysis`] it gets.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sls_compile::{
    CompileError, CompileFailure, CompileOptions, Compiled, Edited, FunctionCache, PatchBase,
    Previous, TemplateCopy,
};
use sls_config::variables::{self, Earlier, Reusable, VariableProblem};
use sls_config::{ConfigDiagnostic, SchemaCache, TextRange, Value};
use sls_syntax::{Parse, Splice};

use crate::ids::LogicalIds;
use crate::spare::{Spare, SpareCopy};
use crate::{Diagnostic, Settings, report, traps};

/// What an analysis is made from.
#[derive(Clone, Copy)]
pub struct AnalysisInput<'a> {
    pub text: &'a str,
    /// The file, when it has one: its folder is where `${file(...)}` reads.
    pub path: Option<&'a Path>,
    pub settings: &'a Settings,
    /// The environment `${env:...}` reads.
    pub env: &'a BTreeMap<String, String>,
    /// The line being edited (zero-based): if the text does not parse, it is the first suspect.
    pub edited_line: Option<usize>,
    /// The analysis of an earlier version of the same document: what the edit cannot have
    /// changed is taken from it instead of computed again (see [`reuse_parse`]).
    pub previous: Option<&'a Analysis>,
    /// Asked between phases: once it says yes (a newer version of the text arrived), the
    /// analysis stops after its parse and returns it as [`Analysis::cancelled`], still good as
    /// the `previous` of the next one.
    pub stale: Option<&'a (dyn Fn() -> bool + Sync)>,
}

impl<'a> AnalysisInput<'a> {
    pub fn new(text: &'a str, settings: &'a Settings, env: &'a BTreeMap<String, String>) -> Self {
        AnalysisInput {
            text,
            path: None,
            settings,
            env,
            edited_line: None,
            previous: None,
            stale: None,
        }
    }
}

/// Where the time of one analysis went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// YAML to a tree.
    pub parse: Duration,
    /// The tree to a config value (tags, types) and its structure checked.
    pub value: Duration,
    /// Variables resolved, the schema checked, its coercions applied.
    pub resolve: Duration,
    /// The compiler's whole pipeline (it resolves the variables again itself).
    pub compile: Duration,
    /// The logical ID table and the traps.
    pub traps: Duration,
    pub total: Duration,
    /// The parse and the value were those of the previous version with the edited block
    /// parsed again, not the whole text.
    pub reused_parse: bool,
    /// There was a previous version, but the edit could not be parsed alone (anchors near
    /// it, a broken line, ...): the whole text was parsed.
    pub reparse_declined: bool,
    /// The variables' resolution was the previous version's, replayed (the edit provably
    /// changed nothing it depends on).
    pub reused_resolution: bool,
}

/// One document version, analysed.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub text: String,
    pub parse: Parse,
    /// The config as loaded (CloudFormation tags turned into `Fn::*` objects), before variables.
    /// `None` when nothing could be parsed.
    pub value: Option<Value>,
    /// What loading `value` found wrong (js-yaml's rules on the tree).
    pub value_problems: Vec<ConfigDiagnostic>,
    /// After variables and the schema's coercions: what the compiler compiles.
    pub config: Option<Value>,
    pub variable_problems: Vec<VariableProblem>,
    /// The template and provenance, or where the framework would stop.
    pub compiled: Option<Result<Compiled, CompileFailure>>,
    pub ids: LogicalIds,
    /// Every problem, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Stopped after the parse (or after the variables) because the text changed meanwhile:
    /// only `text`, `parse`, `value` and `kept` are filled in. Never shown; the next analysis
    /// reuses its parse (and resolution).
    pub cancelled: bool,
    pub kept: Kept,
}

/// What an analysis keeps for the next version of its text, so that the next analysis does
/// again only what the edit changed.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The compiled functions, reused where they are unchanged (a stopped analysis passes on
    /// its previous one's).
    pub functions: FunctionCache,
    /// `functions` are of an earlier text than this analysis's (it stopped before compiling):
    /// the next compilation finds what changed by fingerprints, not from where its edit is.
    pub functions_of_earlier_text: bool,
    /// The functions' schema checks, reused where they are unchanged (likewise).
    pub schema: SchemaCache,
    /// What the resolution of the variables may replay (none when stopped before resolving).
    pub resolution: Option<Reusable>,
    /// Copies of `parse.root`, `value` and the resolved config to splice the next edit into,
    /// once [`Analysis::prepare_next`] (or `prepare_next_from`) made them.
    pub spare: Spare<SpareCopy>,
    /// A copy of the compiled template and provenance for the next compilation to patch,
    /// likewise.
    pub spare_template: Spare<TemplateCopy>,
    /// `config` is what was compiled (the compiler did not resolve the variables again).
    pub compiled_config: bool,
    /// This analysis, for the next one to name in its `spliced_from`.
    pub id: AnalysisId,
    /// The analysis whose tree and value this one's are, the edit spliced in: a copy of those
    /// is made this one's at the cost of the splice (see [`Analysis::prepare_next_from`]).
    pub spliced_from: Option<(AnalysisId, Arc<Splice>)>,
}

/// Tells analyses apart (each [`Kept`] has a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalysisId(u64);

impl Default for AnalysisId {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        AnalysisId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

impl Analysis {
    pub fn template(&self) -> Option<&serde_json::Value> {
        Some(&self.compiled.as_ref()?.as_ref().ok()?.template)
    }

    pub fn compile_error(&self) -> Option<&CompileError> {
        Some(&self.compiled.as_ref()?.as_ref().err()?.error)
    }

    /// Copies the tree, the value and the template for the next analysis (of an edit of this
    /// text) to splice its edit into and patch, so that it need not copy them itself: for when
    /// the editor is idle. The tree and value not where the next analysis is unlikely to
    /// reparse in part (this one could not, or the text has problems).
    pub fn prepare_next(&self) {
        self.prepare_tree_and_value_from(None);
        if let Some(compiled) = self.template_to_prepare() {
            self.kept
                .spare_template
                .fill(|| Some(TemplateCopy::of(compiled)));
        }
    }

    /// [`Analysis::prepare_next`], with the copies made from `older`: an earlier analysis of
    /// the same document that nothing else needs (the one this one replaced). Its tree, value,
    /// config and template differ from this one's in a few places and in ranges: made equal
    /// to them (or, for a template this one was patched from, patched again), they are copies
    /// for a fraction of the cost. Returns what is left of `older`, to be freed where that
    /// keeps no one waiting.
    pub fn prepare_next_from(&self, mut older: Analysis) -> Analysis {
        self.prepare_tree_and_value_from(Some(&mut older));
        if let Some(compiled) = self.template_to_prepare() {
            self.kept.spare_template.fill(|| {
                Some(match older.compiled.take() {
                    Some(Ok(old)) => TemplateCopy::recycled(TemplateCopy::taken(old), compiled),
                    _ => TemplateCopy::of(compiled),
                })
            });
        }
        older
    }

    /// Copies of the tree and value, made from `older`'s where there is one: the edit spliced
    /// into them again when this analysis spliced it into `older`'s, else made equal with
    /// `clone_from` (which copies only what differs).
    fn prepare_tree_and_value_from(&self, older: Option<&mut Analysis>) {
        let clean = self.parse.diagnostics.is_empty() && self.value_problems.is_empty();
        if self.timings.reparse_declined || !clean {
            return;
        }
        let mut splice = None;
        let (mut older_root, mut older_value, mut older_config) = match older {
            Some(older) => {
                splice = self
                    .kept
                    .spliced_from
                    .as_ref()
                    .filter(|(from, _)| *from == older.kept.id)
                    .map(|(_, splice)| &**splice);
                (
                    older.parse.root.take(),
                    older.value.take(),
                    older.config.take(),
                )
            }
            None => (None, None, None),
        };
        self.kept.spare.fill(|| {
            let root = self.parse.root.as_ref()?;
            let value = self.value.as_ref()?;
            Some(SpareCopy {
                root: match (older_root.take(), splice) {
                    (Some(mut older), Some(splice)) => {
                        match sls_syntax::splice_again(&mut older, splice) {
                            Some(()) => older,
                            None => root.clone(),
                        }
                    }
                    (older, _) => copy_into(older, root),
                },
                value: match (older_value.take(), splice) {
                    (Some(older), Some(splice)) => {
                        sls_config::value_after_reparse_into(older, splice, root)
                            .unwrap_or_else(|| value.clone())
                    }
                    (older, _) => copy_into(older, value),
                },
                config: self
                    .kept
                    .resolution
                    .as_ref()
                    .map(|r| r.config(value, older_config.take())),
            })
        });
    }

    /// The compilation the next one may patch (see [`patch_base`]).
    fn template_to_prepare(&self) -> Option<&Compiled> {
        if !self.kept.compiled_config {
            return None;
        }
        self.compiled.as_ref()?.as_ref().ok()
    }
}

pub fn analyze(input: &AnalysisInput<'_>) -> Analysis {
    let started = Instant::now();
    let mut timings = Timings::default();
    let mut lap = {
        let mut last = started;
        move || {
            let now = Instant::now();
            let elapsed = now - last;
            last = now;
            elapsed
        }
    };
    let file_name = input
        .path
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or("serverless.yml");

    let reused = input
        .previous
        .and_then(|previous| reuse_parse(previous, input.text));
    timings.reused_parse = reused.is_some();
    timings.reparse_declined = input.previous.is_some() && reused.is_none();
    // Where the edit is, and a copy of the previous config to splice it into, for the
    // resolution of the variables.
    let (mut splice, mut config_copy) = (None, None);
    let (parse, value, value_problems) = match reused {
        Some(reused) => {
            timings.parse = lap();
            splice = Some(reused.splice);
            config_copy = reused.config_copy;
            (reused.parse, Some(reused.value), Vec::new())
        }
        None => {
            let parse = sls_syntax::parse_with_hint(input.text, input.edited_line);
            timings.parse = lap();
            let (value, problems) = match parse.root.as_ref().map(sls_config::value_from_node) {
                Some((value, problems)) => (Some(value), problems),
                None => (None, Vec::new()),
            };
            (parse, value, problems)
        }
    };
    timings.value = lap();
    // An analysis that reused the previous parse runs to its end even when a newer text
    // arrived: it takes milliseconds, and a whole analysis is what the next one patches and
    // replays from (after a stopped one, the next would compile in full: a burst of keys
    // would wait for that at its last key).
    let is_stale = || !timings.reused_parse && input.stale.is_some_and(|stale| stale());
    let previous_functions = input.previous.map(|p| &p.kept.functions);
    let previous_schema = input.previous.map(|p| &p.kept.schema);
    // A stopped analysis passes on the compiled functions its previous one kept, and the
    // schema checks and resolution it has.
    let stop = |parse, value, value_problems, timings, schema, resolution| Analysis {
        kept: Kept {
            functions: previous_functions.cloned().unwrap_or_default(),
            functions_of_earlier_text: true,
            schema,
            resolution,
            ..Kept::default()
        },
        ..cancelled(input.text, parse, value, value_problems, timings)
    };
    if is_stale() {
        let schema = previous_schema.cloned().unwrap_or_default();
        return stop(parse, value, value_problems, timings, schema, None);
    }
    let mut config_diagnostics: Vec<ConfigDiagnostic> = value_problems.clone();

    let options = compile_options(input);
    let mut variable_problems = Vec::new();
    let mut resolution = None;
    let mut schema = report::Schema::default();
    let mut schema_cache = SchemaCache::default();
    let config = value.as_ref().map(|value| {
        // As the compiler resolves them (same options, same files), keeping every problem.
        let earlier = input.previous.and_then(|previous| {
            Some(Earlier {
                splice: splice.as_ref(),
                config_copy: config_copy.take(),
                ..Earlier::new(
                    previous.value.as_ref()?,
                    &previous.text,
                    previous.kept.resolution.as_ref()?,
                )
            })
        });
        let resolved =
            sls_compile::resolve_config_variables_reusing(value, &options, file_name, earlier);
        timings.reused_resolution = resolved.replayed;
        resolution = Some(resolved.reusable);
        variable_problems = resolved.problems;
        let resolved = resolved.config;
        config_diagnostics.extend(sls_config::check_structure(&resolved, file_name));
        // Replayed, the resolution changed nothing outside the block parsed again.
        let edit = splice.as_ref().filter(|_| timings.reused_resolution);
        let (checked, coerced, cache) =
            report::Schema::check_and_coerce(resolved, previous_schema, edit);
        schema = checked;
        schema_cache = cache;
        coerced
    });
    timings.resolve = lap();
    if is_stale() {
        // Its resolution and schema checks are of its own value and text: the next analysis
        // may reuse them.
        return stop(
            parse,
            value,
            value_problems,
            timings,
            schema_cache,
            resolution,
        );
    }

    let (compile_root, compiled) = match (&value, &config) {
        (Some(raw), Some(config)) => {
            if resolving_again_changes_nothing(input.text, &variable_problems, file_name) {
                // The compiler would resolve, check and coerce `config` again to the same
                // config and the same violations: it starts after those steps.
                let violations = schema.violations().to_vec();
                // Replayed, the resolution changed nothing outside the block parsed again
                // since the previous text (the functions kept must be of that text too).
                let functions_of_previous_text = input
                    .previous
                    .is_some_and(|p| !p.kept.functions_of_earlier_text);
                let edited = splice
                    .as_ref()
                    .filter(|_| timings.reused_resolution && functions_of_previous_text)
                    .map(|splice| {
                        let block = splice.old_block;
                        Edited {
                            before: block,
                            after: TextRange::new(block.start(), splice.shift(block.end())),
                        }
                    });
                let previous = input.previous.map(|previous| Previous {
                    functions: &previous.kept.functions,
                    base: patch_base(previous),
                    edited,
                });
                let compiled = sls_compile::compile_coerced(config, violations, &options, previous);
                (Some(config), Some(compiled))
            } else {
                (Some(raw), Some(sls_compile::compile(raw, &options)))
            }
        }
        _ => (None, None),
    };
    timings.compile = lap();

    let ids = LogicalIds::new_reusing(
        compiled.as_ref().and_then(|c| c.as_ref().ok()),
        config.as_ref(),
        input.previous.map(|previous| &previous.ids),
    );
    let mut diagnostics = Vec::new();
    if let (Some(compile_root), Some(config)) = (compile_root, &config) {
        let context = traps::TrapContext {
            text: input.text,
            compile_root,
            compile_root_is_config: std::ptr::eq(compile_root, config),
            config,
            compiled: compiled.as_ref().and_then(|c| c.as_ref().ok()),
            options: &options,
            ids: &ids,
        };
        traps::run(&context, &mut diagnostics);
    }
    timings.traps = lap();

    report::collect(
        &mut diagnostics,
        report::Layers {
            text: input.text,
            syntax: &parse.diagnostics,
            config: &config_diagnostics,
            schema: &schema,
            variables: &variable_problems,
            compiled: compiled.as_ref(),
            resolved: config.as_ref(),
        },
    );
    timings.total = started.elapsed();

    let compiled_config =
        compile_root.is_some_and(|root| config.as_ref().is_some_and(|c| std::ptr::eq(root, c)));
    let function_cache = match &compiled {
        Some(Ok(compiled)) => compiled.function_cache.clone(),
        Some(Err(failure)) => failure.function_cache.clone(),
        None => FunctionCache::default(),
    };
    Analysis {
        text: input.text.to_owned(),
        parse,
        value,
        value_problems,
        config,
        variable_problems,
        compiled,
        ids,
        diagnostics,
        timings,
        cancelled: false,
        kept: Kept {
            functions: function_cache,
            schema: schema_cache,
            resolution,
            compiled_config,
            spliced_from: input
                .previous
                .zip(splice)
                .map(|(previous, splice)| (previous.kept.id, Arc::new(splice))),
            ..Kept::default()
        },
    }
}

/// What the compilation of the next version may patch its template from: `previous`'s
/// compilation of its config, with the copy made while idle if there is one (in a burst of
/// keys there is none: the patch copies the template itself, still far cheaper than building
/// it again).
fn patch_base(previous: &Analysis) -> Option<PatchBase<'_>> {
    if !previous.kept.compiled_config {
        return None;
    }
    let compiled = previous.compiled.as_ref()?.as_ref().ok()?;
    Some(PatchBase {
        config: previous.config.as_ref()?,
        compiled,
        copy: previous.kept.spare_template.take(),
    })
}

/// A copy of `source`, made in `into` where there is one.
fn copy_into<T: Clone>(into: Option<T>, source: &T) -> T {
    match into {
        Some(mut copy) => {
            copy.clone_from(source);
            copy
        }
        None => source.clone(),
    }
}

/// What is left of an analysis stopped because its text is no longer current.
fn cancelled(
    text: &str,
    parse: Parse,
    value: Option<Value>,
    value_problems: Vec<ConfigDiagnostic>,
    timings: Timings,
) -> Analysis {
    Analysis {
        text: text.to_owned(),
        parse,
        value,
        value_problems,
        config: None,
        variable_problems: Vec::new(),
        compiled: None,
        ids: LogicalIds::new(None, None),
        diagnostics: Vec::new(),
        timings,
        cancelled: true,
        kept: Kept::default(),
    }
}

/// A parse and value made from the previous version's, and how.
struct Reused {
    parse: Parse,
    value: Value,
    /// The block parsed again.
    splice: Splice,
    /// The previous resolution's config, copied while the editor was idle.
    config_copy: Option<Value>,
}

/// The parse and value of `text` from those of `previous` (an earlier version of the same
/// document): only the block holding the edit is parsed and converted again, when that gives
/// exactly what a whole parse would (`sls_syntax::reparse` says when). The resolution of the
/// variables is told which block that was; the rest of the analysis runs in full.
fn reuse_parse(previous: &Analysis, text: &str) -> Option<Reused> {
    if !previous.value_problems.is_empty() {
        return None;
    }
    let old_value = previous.value.as_ref()?;
    let (reparsed, value, config_copy) = match previous.kept.spare.take() {
        Some(SpareCopy {
            root,
            value,
            config,
        }) => {
            let reparsed = sls_syntax::reparse_into(&previous.text, &previous.parse, text, root)?;
            let new_root = reparsed.parse.root.as_ref()?;
            let value = sls_config::value_after_reparse_into(value, &reparsed.splice, new_root)?;
            (reparsed, value, config)
        }
        None => {
            let reparsed = sls_syntax::reparse(&previous.text, &previous.parse, text)?;
            let new_root = reparsed.parse.root.as_ref()?;
            let value = sls_config::value_after_reparse(old_value, &reparsed.splice, new_root)?;
            (reparsed, value, None)
        }
    };
    Some(Reused {
        parse: reparsed.parse,
        value,
        splice: reparsed.splice,
        config_copy,
    })
}

/// What the compiler needs from the input: the CLI's options, the environment, the folder.
fn compile_options(input: &AnalysisInput<'_>) -> CompileOptions {
    CompileOptions {
        stage: input.settings.stage.clone(),
        region: input.settings.region.clone(),
        params: input.settings.params.clone(),
        // A fixed clock: an analysis of the same text gives the same template.
        now_ms: Some(0),
        env: input.env.clone(),
        service_dir: input.path.and_then(Path::parent).map(Path::to_path_buf),
        source: Some(input.text.to_owned()),
        ..CompileOptions::default()
    }
}

/// The compiler resolves the variables again (the slowest step of all). Given the config this
/// analysis resolved and coerced, its resolution finds nothing left to do and its coercion is
/// idempotent, so it compiles the same template, unless the text has a `\${` escape (whose
/// `${` would read as a variable the second time) or a variable error (which must stop it as
/// written). `tests/oracle.rs` compares both ways on every oracle case.
fn resolving_again_changes_nothing(
    text: &str,
    problems: &[VariableProblem],
    file_name: &str,
) -> bool {
    !text.contains("\\${") && variables::framework_error(problems, file_name).is_none()
}
