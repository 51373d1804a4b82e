//! An analysis that reuses the previous version's parse (and replays its variables'
//! resolution) gives exactly what a fresh one gives: the same tree, value, resolved config,
//! variable problems, template and diagnostics, after edits typed on every second line of
//! every recorded service (and a second edit on top of the first).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sls_analysis::{Analysis, AnalysisInput, Settings, Spare, analyze};
use sls_compile::Compiled;

fn services() -> Vec<PathBuf> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("the recorded cases")
        .filter_map(|entry| {
            let path = entry.ok()?.path().join("serverless.yml");
            path.exists().then_some(path)
        })
        .collect();
    files.sort();
    files
}

fn analysis(text: &str, path: &Path, previous: Option<&Analysis>) -> Analysis {
    analysis_asking(text, path, previous, None)
}

/// [`analysis`], asking `stale` between its phases whether its text is still current.
fn analysis_asking(
    text: &str,
    path: &Path,
    previous: Option<&Analysis>,
    stale: Option<&(dyn Fn() -> bool + Sync)>,
) -> Analysis {
    let settings = Settings::default();
    let env = BTreeMap::new();
    analyze(&AnalysisInput {
        path: Some(path),
        previous,
        stale,
        ..AnalysisInput::new(text, &settings, &env)
    })
}

fn assert_same(reused: &Analysis, fresh: &Analysis, what: &str) {
    assert_eq!(reused.parse, fresh.parse, "{what}: parse");
    assert_eq!(reused.value, fresh.value, "{what}: value");
    assert_eq!(
        reused.value_problems, fresh.value_problems,
        "{what}: loading"
    );
    assert_eq!(reused.config, fresh.config, "{what}: config");
    assert_eq!(
        reused.variable_problems, fresh.variable_problems,
        "{what}: variable problems"
    );
    // As text: `==` on JSON objects ignores the order of their keys.
    let template = |a: &Analysis| {
        a.template()
            .map(|t| serde_json::to_string(t).expect("json"))
    };
    assert_eq!(template(reused), template(fresh), "{what}: template");
    let compiled = |a: &Analysis| {
        a.compiled.as_ref().map(|c| match c {
            Ok(c) => (c.provenance.clone(), c.warnings.clone()),
            Err(f) => (Default::default(), f.warnings.clone()),
        })
    };
    assert_eq!(
        compiled(reused),
        compiled(fresh),
        "{what}: provenance and warnings"
    );
    assert_eq!(
        reused.compile_error(),
        fresh.compile_error(),
        "{what}: compile error"
    );
    assert_eq!(reused.ids, fresh.ids, "{what}: logical IDs");
    for id in fresh.ids.iter() {
        assert_eq!(
            reused.ids.get(id.section, id.name),
            Some(id),
            "{what}: {} found",
            id.name
        );
    }
    assert_eq!(reused.diagnostics, fresh.diagnostics, "{what}: diagnostics");
}

/// Typing on line `index` of `text`: one kind of edit per line, in turn.
fn typed(text: &str, index: usize) -> Option<String> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == index {
            let content = line.trim_end_matches(['\n', '\r']);
            let end = offset + content.len();
            let mid = (offset + content.len() / 2..=end).find(|&m| text.is_char_boundary(m))?;
            let (at, remove, insert) = match index % 4 {
                0 => (end, 0, "x"),
                1 => (mid, 0, "é"),
                2 if end > offset && text.is_char_boundary(end - 1) => (end - 1, 1, ""),
                _ => (end, 0, "1"),
            };
            return Some(format!("{}{insert}{}", &text[..at], &text[at + remove..]));
        }
        offset += line.len();
    }
    None
}

#[test]
fn reusing_the_previous_parse_changes_nothing() {
    let (mut edits, mut reused, mut functions_reused, mut checks_reused, mut replayed) =
        (0, 0, 0, 0, 0);
    // Of the edits made with the copies ready: their resolution spliced into the config copy,
    // their template patched.
    let (mut spare_edits, mut replayed_into_copy, mut patched) = (0, 0, 0);
    // Of the edits whose template was patched: their ID table updated from the previous one.
    let mut ids_updated = 0;
    // Edits typed on top of one whose copies were made by splicing it again.
    let mut spliced_again = 0;
    for path in services() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let mut first = analysis(&text, &path, None);
        for line in (0..text.lines().count()).step_by(2) {
            let Some(edited) = typed(&text, line) else {
                continue;
            };
            let what = format!("{} line {}", path.display(), line + 1);
            // Every other edit splices into the copies made beforehand, as in the editor.
            let spliced_into_spare = line % 4 == 0;
            // Half of those copies are made from an analysis of another version (as the
            // server makes them from the analysis the last one replaced).
            if spliced_into_spare {
                match typed(&text, line + 1).filter(|_| line % 8 == 0) {
                    Some(other) => drop(first.prepare_next_from(analysis(&other, &path, None))),
                    None => first.prepare_next(),
                }
            }
            let incremental = analysis(&edited, &path, Some(&first));
            if incremental.timings.reused_parse {
                assert!(!first.kept.spare.is_ready(), "{what}: the copies were used");
            }
            first.kept.spare = Spare::default();
            let fresh = analysis(&edited, &path, None);
            assert_same(&incremental, &fresh, &what);
            // The IDs the edit renamed are not found any more.
            for id in first.ids.iter() {
                assert_eq!(
                    incremental.ids.get(id.section, id.name).is_some(),
                    fresh.ids.get(id.section, id.name).is_some(),
                    "{what}: {} looked up",
                    id.name
                );
            }
            functions_reused += incremental.kept.functions.reused();
            checks_reused += incremental.kept.schema.reused();
            // Counted: typing in a value (on a key line, it breaks the key; in a comment, it
            // is outside every block).
            let trimmed = text.lines().nth(line).unwrap_or_default().trim();
            if !(trimmed.is_empty() || trimmed.ends_with(':') || trimmed.starts_with('#')) {
                edits += 1;
                reused += usize::from(incremental.timings.reused_parse);
                replayed += usize::from(incremental.timings.reused_resolution);
                if spliced_into_spare {
                    spare_edits += 1;
                    replayed_into_copy += usize::from(incremental.timings.reused_resolution);
                    let was_patched = |c: &Compiled| c.layout.patched;
                    let is_patched = incremental
                        .compiled
                        .as_ref()
                        .is_some_and(|c| c.as_ref().is_ok_and(was_patched));
                    patched += usize::from(is_patched);
                    ids_updated += usize::from(is_patched && incremental.ids.is_updated());
                }
            }
            if incremental.timings.reused_parse {
                // And again, from the analysis that reused.
                if let Some(again) = typed(&edited, line + 1) {
                    let incremental = if line % 8 == 2 {
                        // Its copies made from the analysis it spliced its edit into, as the
                        // server makes them: the edit spliced into that one's tree and value.
                        let before = analysis(&text, &path, None);
                        let incremental = analysis(&edited, &path, Some(&before));
                        assert!(incremental.kept.spliced_from.is_some(), "{what}");
                        drop(incremental.prepare_next_from(before));
                        spliced_again += 1;
                        incremental
                    } else {
                        if !spliced_into_spare {
                            incremental.prepare_next();
                        }
                        incremental
                    };
                    let twice = analysis(&again, &path, Some(&incremental));
                    assert_same(
                        &twice,
                        &analysis(&again, &path, None),
                        &format!("{what}, twice"),
                    );
                }
            }
        }
    }
    // Most typing in values stays inside one block (the rest: services with anchors or
    // problems, edits that break the YAML).
    assert!(
        reused * 10 >= edits * 7,
        "the parse was reused for only {reused} of {edits} edits"
    );
    // So was the variables' resolution, where nothing it read was edited (the rest: edits
    // of what variables read, files, `$` typed).
    assert!(
        replayed * 10 >= edits * 7,
        "the variables' resolution was replayed for only {replayed} of {edits} edits"
    );
    assert!(
        replayed_into_copy * 10 >= spare_edits * 7,
        "the resolution was replayed into the idle copy for only {replayed_into_copy} of {spare_edits} edits"
    );
    // The compiled functions the edit did not touch were reused too.
    assert!(
        functions_reused >= edits,
        "only {functions_reused} compiled functions reused over {edits} edits"
    );
    // With the copies made while idle, the template was patched where the edit changed only
    // a function's own resources, or nothing: 76 of 473 when written (typing in events,
    // `provider`, `resources` or a function's name builds it again).
    assert!(
        patched * 8 >= spare_edits,
        "the template was patched for only {patched} of {spare_edits} edits with copies"
    );
    // A patched template lists the same IDs but the edited function's: its table is the
    // previous one updated.
    assert!(
        ids_updated == patched,
        "the ID table was updated for only {ids_updated} of {patched} patched templates"
    );
    assert!(
        spliced_again > 0,
        "no copies were made by splicing an edit again"
    );
    // And so were their schema checks.
    assert!(
        checks_reused >= edits,
        "only {checks_reused} functions' schema checks reused over {edits} edits"
    );
}

/// Oracle case 01 and its text.
fn first_seed_case() -> (PathBuf, String) {
    let path = services()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("01-seed"))
        .expect("case 01");
    let text = std::fs::read_to_string(&path).expect("readable");
    (path, text)
}

#[test]
fn a_stale_analysis_stops_after_its_parse_and_the_next_one_starts_from_it() {
    let (path, text) = first_seed_case();
    let stopped = analysis_asking(&text, &path, None, Some(&|| true));
    assert!(stopped.cancelled);
    assert!(stopped.compiled.is_none() && stopped.config.is_none());
    assert!(stopped.diagnostics.is_empty());
    assert_eq!(stopped.parse, sls_syntax::parse(&text));

    let edited = typed(&text, 11).expect("line 12");
    let next = analysis(&edited, &path, Some(&stopped));
    assert!(
        next.timings.reused_parse,
        "the stopped analysis's parse is reused"
    );
    assert!(!next.cancelled);
    assert_same(
        &next,
        &analysis(&edited, &path, None),
        "after a stopped analysis",
    );
}

#[test]
fn an_analysis_that_reused_the_parse_runs_to_its_end_even_when_stale() {
    let (path, text) = first_seed_case();
    let first = analysis(&text, &path, None);
    let edited = typed(&text, 11).expect("line 12");
    let finished = analysis_asking(&edited, &path, Some(&first), Some(&|| true));
    assert!(finished.timings.reused_parse && !finished.cancelled);
    assert_same(
        &finished,
        &analysis(&edited, &path, None),
        "a stale keystroke",
    );
}

#[test]
fn an_analysis_stopped_after_its_variables_passes_on_their_resolution() {
    let (path, text) = first_seed_case();
    // Current at the first look (after the parse), stale at the second (after the variables).
    let looks = std::sync::atomic::AtomicU32::new(0);
    let stale = || looks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1;
    let stopped = analysis_asking(&text, &path, None, Some(&stale));
    assert!(stopped.cancelled && stopped.compiled.is_none());
    assert!(stopped.kept.resolution.is_some(), "the resolution is kept");

    let edited = typed(&text, 11).expect("line 12");
    let next = analysis(&edited, &path, Some(&stopped));
    assert!(next.timings.reused_resolution, "the resolution is replayed");
    assert_same(
        &next,
        &analysis(&edited, &path, None),
        "after an analysis stopped after its variables",
    );
}

/// A stopped analysis hands on the compiled functions of the one before it: a function the
/// stopped one's edit changed must be compiled again by the next analysis, even when that one's
/// own edit is elsewhere.
#[test]
fn a_function_changed_before_a_stopped_analysis_is_compiled_again() {
    let path = Path::new("/w/serverless.yml");
    let service = |memory: &str, handler: &str| {
        format!(
            "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  first:\n    \
             handler: first.main\n    memorySize: {memory}\n  second:\n    handler: {handler}\n"
        )
    };
    let before = analysis(&service("128", "second.main"), path, None);
    assert!(before.compiled.is_some());
    // A tab in the edited block: parsed whole, not in part (so it may stop after its variables).
    let changed = service("1024 #\ttab", "second.main");
    let looks = std::sync::atomic::AtomicU32::new(0);
    let stale = || looks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1;
    let stopped = analysis_asking(&changed, path, Some(&before), Some(&stale));
    assert!(stopped.cancelled && !stopped.timings.reused_parse);
    assert!(stopped.kept.resolution.is_some(), "the resolution is kept");

    let edited = service("1024 #\ttab", "second.mainx");
    let next = analysis(&edited, path, Some(&stopped));
    assert!(next.timings.reused_parse && next.timings.reused_resolution);
    assert_same(
        &next,
        &analysis(&edited, path, None),
        "after a stopped analysis",
    );
}

/// A function whose config holds a value from elsewhere (an alias of an anchor in another
/// function, after the edit) is compared, not taken as it was, when the edit is in a third
/// function: that value moved with the anchor, not with the function's own text.
#[test]
fn a_function_holding_a_value_from_elsewhere_is_compared() {
    let path = Path::new("/w/serverless.yml");
    let service = |handler: &str| {
        format!(
            "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  edited:\n    \
             handler: {handler}\n  anchored:\n    handler: anchored.main\n    environment: &env\n      \
             A: one\n  aliasing:\n    handler: aliasing.main\n    timeout: \"7\"\n    \
             environment: *env\n"
        )
    };
    let before = analysis(&service("edited.main"), path, None);
    before.prepare_next();
    let edited = service("edited.mainx");
    let next = analysis(&edited, path, Some(&before));
    assert!(next.timings.reused_parse && next.timings.reused_resolution);
    assert_same(
        &next,
        &analysis(&edited, path, None),
        "an edit in another function",
    );
}
