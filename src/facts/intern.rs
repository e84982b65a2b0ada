//! String interning (字符串驻留): every id and text cell of a fact file is
//! stored once in one arena and referred to by a 4-byte `Sym`. No `String`
//! per cell survives loading. Depends on nothing.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// An interned string: an index into an [`Interner`].
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Sym(pub u32);

impl Sym {
    /// Every interner interns "" first, so the empty string is always `Sym(0)`.
    pub const EMPTY: Sym = Sym(0);

    pub fn is_empty(self) -> bool {
        self == Sym::EMPTY
    }
}

/// An append-only set of strings, stored back to back in one buffer.
#[derive(Clone)]
pub struct Interner {
    bytes: String,
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: rustc_hash::FxBuildHasher,
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Interner::for_ids();
        interner.intern("");
        interner
    }
}

impl Interner {
    /// An interner for one id namespace: no "" entry, so the n-th distinct
    /// id gets `Sym(n)` and a row's index can double as its id's symbol.
    pub fn for_ids() -> Interner {
        Interner { bytes: String::new(), ends: Vec::new(), table: HashTable::new(), hasher: Default::default() }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn get_empty(&self) -> Option<Sym> {
        // Interners made with `default()` hold "" as Sym(0).
        (self.ends.first() == Some(&0)).then_some(Sym::EMPTY)
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        let i = sym.0 as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub fn get(&self, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        self.table.find(hash, |&i| self.resolve(Sym(i)) == text).map(|&i| Sym(i))
    }

    /// Interns `text` if it is new (`Ok`), or returns the existing symbol
    /// (`Err`) — one hash and one probe, for unique ids.
    pub fn intern_new(&mut self, text: &str) -> Result<Sym, Sym> {
        let hash = self.hasher.hash_one(text);
        if let Some(&i) = self.table.find(hash, |&i| self.resolve(Sym(i)) == text) {
            return Err(Sym(i));
        }
        Ok(self.insert(hash, text))
    }

    fn insert(&mut self, hash: u64, text: &str) -> Sym {
        let sym = self.ends.len() as u32;
        self.bytes.push_str(text);
        self.ends.push(u32::try_from(self.bytes.len()).expect("interned text exceeds 4 GiB"));
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        self.table.insert_unique(hash, sym, |&i| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            hasher.hash_one(&bytes[start..ends[i] as usize])
        });
        Sym(sym)
    }

    pub fn intern(&mut self, text: &str) -> Sym {
        if text.is_empty() {
            if let Some(empty) = self.get_empty() {
                return empty;
            }
        }
        let hash = self.hasher.hash_one(text);
        if let Some(&i) = self.table.find(hash, |&i| self.resolve(Sym(i)) == text) {
            return Sym(i);
        }
        self.insert(hash, text)
    }

    /// Makes room for `n` more strings of about 10 bytes.
    pub fn reserve(&mut self, n: usize) {
        self.ends.reserve(n);
        self.bytes.reserve(n * 10);
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        self.table.reserve(n, |&i| {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] as usize };
            hasher.hash_one(&bytes[start..ends[i] as usize])
        });
    }

    /// Makes room for `bytes` more bytes of text. Room that is never written costs
    /// address space, not memory; growing by copying costs both.
    pub fn reserve_bytes(&mut self, bytes: usize) {
        self.bytes.reserve(bytes);
        // At most one string per 8 bytes or so: cells are separated and most are longer.
        self.ends.reserve(bytes / 8);
    }

    /// Bytes held, for memory accounting in benchmarks.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4 + self.table.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_and_resolves() {
        let mut i = Interner::default();
        assert_eq!(i.get(""), Some(Sym::EMPTY));
        let a = i.intern("S001");
        let b = i.intern("煤矿");
        assert_eq!(i.intern("S001"), a);
        assert_ne!(a, b);
        assert_eq!(i.resolve(a), "S001");
        assert_eq!(i.resolve(b), "煤矿");
        assert_eq!(i.get("S002"), None);
        assert_eq!(i.len(), 3);
        for n in 0..10_000 {
            i.intern(&format!("E{n}"));
        }
        assert_eq!(i.resolve(i.get("E9999").unwrap()), "E9999");
        assert_eq!(i.resolve(a), "S001");
    }
}
