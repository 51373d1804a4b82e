//! An insertion-ordered map whose removals leave a hole instead of shifting what follows:
//! resolution removes every property it resolves, and `IndexMap::shift_remove` moves the
//! rest of the map each time (quadratic on a large file). Positions never change, so a scan
//! by position can resume where it stopped.

use std::borrow::Borrow;
use std::collections::HashMap;

use crate::KeyHasher;
use std::hash::Hash;

pub(super) struct SlotMap<K, V> {
    slots: Vec<Option<(K, V)>>,
    index: HashMap<K, usize, KeyHasher>,
}

impl<K: Hash + Eq + Clone, V> SlotMap<K, V> {
    pub fn new() -> Self {
        SlotMap {
            slots: Vec::new(),
            index: HashMap::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// How many positions there are, holes included.
    pub fn positions(&self) -> usize {
        self.slots.len()
    }

    /// The key at `position`, `None` for a hole.
    pub fn key_at(&self, position: usize) -> Option<&K> {
        self.slots.get(position)?.as_ref().map(|(k, _)| k)
    }

    /// Like `IndexMap::insert`: a present key keeps its position, a new one goes last.
    pub fn insert(&mut self, key: K, value: V) {
        if let Some(&at) = self.index.get(&key) {
            if let Some((_, old)) = &mut self.slots[at] {
                *old = value;
            }
            return;
        }
        self.index.insert(key.clone(), self.slots.len());
        self.slots.push(Some((key, value)));
    }

    /// Like `IndexMap::shift_remove`: the others keep their order (and here their positions).
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let at = self.index.remove(key)?;
        self.slots[at].take().map(|(_, v)| v)
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let &at = self.index.get(key)?;
        self.slots[at].as_ref().map(|(_, v)| v)
    }

    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let &at = self.index.get(key)?;
        self.slots[at].as_mut().map(|(_, v)| v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.index.contains_key(key)
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.slots.iter().flatten().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.iter().map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::SlotMap;

    #[test]
    fn keeps_insertion_order_across_removals_and_reinsertions() {
        let mut map = SlotMap::new();
        for k in ["a", "b", "c", "d"] {
            map.insert(k.to_owned(), k.len());
        }
        assert_eq!(map.remove("b"), Some(1));
        assert_eq!(map.remove("b"), None);
        map.insert("c".to_owned(), 7); // present: stays in place
        map.insert("b".to_owned(), 9); // removed earlier: goes last
        let entries: Vec<(&str, usize)> = map.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(entries, [("a", 1), ("c", 7), ("d", 1), ("b", 9)]);
        assert_eq!(map.key_at(1), None);
        assert_eq!(map.positions(), 5);
        assert!(map.contains_key("b") && !map.is_empty());
        assert_eq!(map.get("d"), Some(&1));
    }
}
