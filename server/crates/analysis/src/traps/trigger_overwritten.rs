//! One trigger set on one pool by two functions (case 16): a pool has one Lambda per trigger, so
//! all but one are silently lost. New pools keep the value of the last merge (the pool's
//! `LambdaConfig` is folded per pool name, then merged in event order); on an existing pool the
//! custom resources are chained, and the last to run sets the trigger.

use super::group_in_order;
use super::pool_events::{PoolEvent, PoolEvents};
use crate::{AnalysisCode, Diagnostic};

/// `shared`: the events that create their pool, grouped by ID where two or more share one
/// (`PoolEvents::shared_new_pool_ids`): a pool of one event loses nothing.
pub(super) fn check(
    events: &PoolEvents<'_>,
    shared: &[(String, Vec<&PoolEvent<'_>>)],
    out: &mut Vec<Diagnostic>,
) {
    check_new_pools(shared, out);
    check_existing_pools(events, out);
}

fn check_new_pools(shared: &[(String, Vec<&PoolEvent<'_>>)], out: &mut Vec<Diagnostic>) {
    for (_, on_id) in shared {
        if distinct_triggers(on_id) {
            // Each trigger set once: nothing lost (what most shared pools are).
            continue;
        }
        // Each event merges its pool name's whole resource; the last merge of a name is the
        // position of its last event. (An ID's names are few: usually one.)
        let mut last_merge: Vec<(&str, usize)> = Vec::new();
        for (i, name) in on_id
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((i, e.pool?)))
        {
            match last_merge.iter_mut().find(|(n, _)| *n == name) {
                Some(last) => last.1 = i,
                None => last_merge.push((name, i)),
            }
        }
        let last_merge_of = |name: &str| {
            last_merge
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(0, |&(_, i)| i)
        };
        let by_trigger = on_id.iter().filter_map(|e| Some((e.trigger?, *e)));
        for (trigger, setters) in group_in_order(by_trigger) {
            let Some(winner_name) = setters
                .iter()
                .filter_map(|e| e.pool)
                .max_by_key(|name| last_merge_of(name))
            else {
                continue;
            };
            let Some(winner) = setters.iter().rev().find(|e| e.pool == Some(winner_name)) else {
                continue;
            };
            report_losers(
                &setters,
                winner,
                trigger,
                "the pool keeps one function per trigger",
                out,
            );
        }
    }
}

/// No trigger is set twice in `events`, as seen by a look along them where they are few.
fn distinct_triggers(events: &[&PoolEvent<'_>]) -> bool {
    const FEW: usize = 8;
    events.len() <= FEW
        && events.iter().enumerate().all(|(i, e)| {
            e.trigger
                .is_none_or(|t| events[..i].iter().all(|o| o.trigger != Some(t)))
        })
}

fn check_existing_pools(events: &PoolEvents<'_>, out: &mut Vec<Diagnostic>) {
    let existing = events
        .all
        .iter()
        .filter(|e| e.existing)
        .filter_map(|e| Some(((e.pool?, e.trigger?), e)));
    for ((_, trigger), setters) in group_in_order(existing) {
        let Some(winner) = setters.last() else {
            continue;
        };
        report_losers(
            &setters,
            winner,
            trigger,
            "the custom resources run one after the other, and the last sets the trigger",
            out,
        );
    }
}

fn report_losers(
    setters: &[&PoolEvent<'_>],
    winner: &PoolEvent<'_>,
    trigger: &str,
    why: &str,
    out: &mut Vec<Diagnostic>,
) {
    for lost in setters.iter().filter(|e| e.function != winner.function) {
        let pool = lost.pool.unwrap_or_default();
        out.push(
            Diagnostic::of(
                AnalysisCode::TriggerOverwritten,
                lost.trigger_range,
                format!(
                    "{trigger} of pool '{pool}' is also set by function '{}': {why}, so '{}' never receives {trigger}",
                    winner.function, lost.function
                ),
            )
            .with_related(
                winner.trigger_range,
                format!("'{}' gets {trigger}", winner.function),
            ),
        );
    }
}
