//! Two pool names that give one logical ID (`my-pool` and `mypool` both give
//! `CognitoUserPoolMypool`, case 17): the framework merges them into one pool, named after the
//! last, with the triggers of both and `DependsOn` merged by position. Nobody asked for that.
//!
//! It reads the events grouped by ID where two or more share one
//! (`PoolEvents::shared_new_pool_ids`).

use super::pool_events::PoolEvent;
use super::{group_in_order, quoted_list};
use crate::{AnalysisCode, Diagnostic};

pub(super) fn check(shared: &[(String, Vec<&PoolEvent<'_>>)], out: &mut Vec<Diagnostic>) {
    for (id, on_id) in shared {
        if on_id.iter().all(|e| e.pool == on_id[0].pool) {
            // One name (what most shared pools are): nothing merged.
            continue;
        }
        // The first event of each distinct name.
        let firsts: Vec<&PoolEvent<'_>> = group_in_order(on_id.iter().map(|e| (e.pool, *e)))
            .into_iter()
            .map(|(_, group)| group[0])
            .collect();
        if firsts.len() < 2 {
            continue;
        }
        // The pools are merged in event order: the last event's name is the one kept.
        let kept = on_id.last().and_then(|e| e.pool).unwrap_or_default();
        for event in &firsts {
            let name = event.pool.unwrap_or_default();
            let others: Vec<&str> = firsts
                .iter()
                .filter(|o| o.pool != event.pool)
                .filter_map(|o| o.pool)
                .collect();
            let (verb, all) = if others.len() == 1 {
                ("does", "both")
            } else {
                ("do", "all")
            };
            let mut diagnostic = Diagnostic::of(
                AnalysisCode::PoolIdCollision,
                event.pool_range,
                format!(
                    "Pool '{name}' gives the logical ID {id}, as {} {verb}: the framework merges them into one pool named '{kept}', with the triggers of {all}",
                    quoted_list(&others),
                ),
            );
            for other in firsts.iter().filter(|o| o.pool != event.pool) {
                diagnostic = diagnostic.with_related(
                    other.pool_range,
                    format!("'{}' also gives {id}", other.pool.unwrap_or_default()),
                );
            }
            out.push(diagnostic);
        }
    }
}
