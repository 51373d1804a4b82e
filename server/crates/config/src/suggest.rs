//! "Did you mean ...?": the closest of a few known names to what was written.

/// The candidate `written` most likely meant: one equal ignoring case, else one it is the start
/// of (4 characters at least), else the nearest within a small edit distance (ties: the first).
pub fn closest<'a>(written: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = written.to_lowercase();
    if let Some(same) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(same);
    }
    if lower.chars().count() >= 4 {
        let mut starting = candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&lower));
        if let (Some(only), None) = (starting.next(), starting.next()) {
            return Some(only);
        }
    }
    let limit = (lower.chars().count() / 4).max(2);
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours (`PreSingUp` is one edit from `PreSignUp`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::COGNITO_TRIGGERS;

    #[test]
    fn triggers() {
        let cases = [
            ("PreSignup", Some("PreSignUp")),
            ("presignup", Some("PreSignUp")),
            ("PreSingUp", Some("PreSignUp")),
            ("PostConfirm", Some("PostConfirmation")),
            ("CustomSmsSender", Some("CustomSMSSender")),
            ("CustomEmail", Some("CustomEmailSender")),
            ("DefineAuth", Some("DefineAuthChallenge")),
            ("PreToken", Some("PreTokenGeneration")),
            // "Custom" starts three triggers: no single guess.
            ("Custom", None),
            ("Nope", None),
            ("", None),
        ];
        for (written, expected) in cases {
            assert_eq!(closest(written, &COGNITO_TRIGGERS), expected, "{written:?}");
        }
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
