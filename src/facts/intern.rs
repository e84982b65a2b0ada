//! String interning (字符串驻留): every id and text cell of a fact file is
//! stored once in one arena and referred to by a 4-byte `Sym`. No `String`
//! per cell survives loading. Depends on `pool` (a large index is built on
//! every core).

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
    /// The lookup table, in shards by hash (see [`shard`]), so that a large one
    /// can be built on several threads.
    tables: [HashTable<u32>; SHARDS],
    hasher: rustc_hash::FxBuildHasher,
    /// Strings from here on were appended by [`Interner::push_unindexed`] and are
    /// not in `table` yet; lookups wait for [`Interner::index_pushed`].
    indexed: usize,
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
        Interner {
            bytes: String::new(),
            ends: Vec::new(),
            tables: Default::default(),
            hasher: Default::default(),
            indexed: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The bytes of all strings together.
    pub fn len_bytes(&self) -> usize {
        self.bytes.len()
    }

    fn get_empty(&self) -> Option<Sym> {
        // Interners made with `default()` hold "" as Sym(0).
        (self.ends.first() == Some(&0)).then_some(Sym::EMPTY)
    }

    pub fn resolve(&self, sym: Sym) -> &str {
        text_at(&self.bytes, &self.ends, sym.0)
    }

    pub fn get(&self, text: &str) -> Option<Sym> {
        debug_assert_eq!(self.indexed, self.len(), "lookup before index_pushed");
        let hash = self.hasher.hash_one(text);
        self.tables[shard(hash)].find(hash, |&i| self.resolve(Sym(i)) == text).map(|&i| Sym(i))
    }

    /// Interns `text` if it is new (`Ok`), or returns the existing symbol
    /// (`Err`) — one hash and one probe, for unique ids.
    pub fn intern_new(&mut self, text: &str) -> Result<Sym, Sym> {
        debug_assert_eq!(self.indexed, self.len(), "lookup before index_pushed");
        let hash = self.hasher.hash_one(text);
        if let Some(&i) = self.tables[shard(hash)].find(hash, |&i| self.resolve(Sym(i)) == text) {
            return Err(Sym(i));
        }
        Ok(self.insert(hash, text))
    }

    fn insert(&mut self, hash: u64, text: &str) -> Sym {
        let sym = self.append(text);
        self.indexed += 1;
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        self.tables[shard(hash)].insert_unique(hash, sym, |&i| hasher.hash_one(text_at(bytes, ends, i)));
        Sym(sym)
    }

    fn append(&mut self, text: &str) -> u32 {
        let sym = self.ends.len() as u32;
        self.bytes.push_str(text);
        self.ends.push(u32::try_from(self.bytes.len()).expect("interned text exceeds 4 GiB"));
        sym
    }

    /// Appends `text` without looking it up: the fast way to take millions of ids
    /// that are expected to be unique. Nothing may be looked up until
    /// [`Interner::index_pushed`] has checked them.
    pub fn push_unindexed(&mut self, text: &str) -> Sym {
        Sym(self.append(text))
    }

    /// Appends the strings of `other` from its `from`-th on, without looking them
    /// up (as [`Interner::push_unindexed`] does each); returns the symbol the
    /// `from`-th got here. The others follow it in order.
    pub fn extend_unindexed(&mut self, other: &Interner, from: usize) -> Sym {
        let first = Sym(self.ends.len() as u32);
        if from >= other.len() {
            return first;
        }
        let start = if from == 0 { 0 } else { other.ends[from - 1] as usize };
        let base = self.bytes.len();
        self.bytes.push_str(&other.bytes[start..]);
        let shift = |end: &u32| u32::try_from(base + *end as usize - start).expect("interned text exceeds 4 GiB");
        self.ends.extend(other.ends[from..].iter().map(shift));
        first
    }

    /// Puts the strings appended by [`Interner::push_unindexed`] into the lookup
    /// table. `Err((a, b))` names two equal strings (`a < b`) if one of them was
    /// already there or was pushed twice; the table is then incomplete, and the
    /// caller must [`Interner::truncate`] them and intern them one by one.
    /// Each shard of the table is built by [`index_shard`], on every core.
    pub fn index_pushed(&mut self) -> Result<(), (Sym, Sym)> {
        let (from, to) = (self.indexed, self.len());
        if from == to {
            return Ok(());
        }
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        // The shards are independent: a large table is built on every core.
        let threads = if to - from < 1 << 16 { 1 } else { super::pool::threads().min(SHARDS) };
        let mut groups: Vec<Vec<(usize, &mut HashTable<u32>)>> = (0..threads).map(|_| Vec::new()).collect();
        for (n, table) in self.tables.iter_mut().enumerate() {
            groups[n % threads].push((n, table));
        }
        let range = from as u32..to as u32;
        let index_group =
            |group: Vec<(usize, &mut HashTable<u32>)>| index_shards(group, bytes, ends, hasher, range.clone());
        // On rayon's threads, as every parallel step of the load (see `pool`).
        let results: Vec<Result<(), (Sym, Sym)>> = if threads == 1 {
            groups.into_iter().map(index_group).collect()
        } else {
            use rayon::iter::{IntoParallelIterator, ParallelIterator};
            groups.into_par_iter().map(index_group).collect()
        };
        self.indexed = to;
        results.into_iter().collect()
    }

    /// Forgets every string from `len` on.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        self.ends.truncate(len);
        self.bytes.truncate(self.ends.last().map_or(0, |&end| end as usize));
        for table in &mut self.tables {
            table.retain(|&mut i| (i as usize) < len);
        }
        self.indexed = self.indexed.min(len);
    }

    pub fn intern(&mut self, text: &str) -> Sym {
        debug_assert_eq!(self.indexed, self.len(), "lookup before index_pushed");
        if text.is_empty() {
            if let Some(empty) = self.get_empty() {
                return empty;
            }
        }
        let hash = self.hasher.hash_one(text);
        if let Some(&i) = self.tables[shard(hash)].find(hash, |&i| self.resolve(Sym(i)) == text) {
            return Sym(i);
        }
        self.insert(hash, text)
    }

    /// Makes room for `n` more strings of about 10 bytes.
    pub fn reserve(&mut self, n: usize) {
        self.ends.reserve(n);
        self.bytes.reserve(n * 10);
        // Strings spread evenly over the shards; a little more room absorbs the unevenness.
        let per_shard = n / SHARDS + n / (8 * SHARDS) + 1;
        let short = self.tables.iter().any(|t| t.len() + per_shard > t.capacity());
        if short && self.indexed == self.len() && self.len() > REBUILD_ABOVE {
            // Growing a large table rehashes every string in table order: a cache miss
            // each to find its text. Building the bigger table afresh reads the texts
            // front to back and writes the table in slot order (`index_pushed`).
            let capacity = self.len() / SHARDS + per_shard;
            self.tables = std::array::from_fn(|_| HashTable::with_capacity(capacity));
            self.indexed = 0;
            let rebuilt = self.index_pushed();
            debug_assert!(rebuilt.is_ok(), "indexed strings are distinct");
            return;
        }
        let (bytes, ends, hasher) = (&self.bytes, &self.ends, &self.hasher);
        for table in &mut self.tables {
            table.reserve(per_shard, |&i| hasher.hash_one(text_at(bytes, ends, i)));
        }
    }

    /// Makes room for `n` more strings of `bytes` bytes in all, to be pushed
    /// without lookups (no room in the lookup table).
    pub fn reserve_unindexed(&mut self, n: usize, bytes: usize) {
        self.ends.reserve(n);
        self.bytes.reserve(bytes);
    }

    /// Makes room for `bytes` more bytes of text. Room that is never written costs
    /// address space, not memory; growing by copying costs both.
    pub fn reserve_bytes(&mut self, bytes: usize) {
        self.bytes.reserve(bytes);
        // At most one string per 8 bytes or so: cells are separated and most are longer.
        self.ends.reserve(bytes / 8);
    }

    /// Keeps the strings and drops the lookup table.
    pub fn into_names(self) -> Names {
        Names { bytes: self.bytes, ends: self.ends }
    }

    /// Bytes used (strings, their ends, the lookup table), for `SAFECREDIT_TRACE`.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len() + self.ends.len() * 4 + self.tables.iter().map(|t| t.capacity() * 5).sum::<usize>()
    }
}

/// An interner's strings without its lookup table: the ids of a file that nothing
/// looks up by id once it is loaded (people, events, inspections, objections). A
/// row's id is resolved by its index; the table that found repeats while loading
/// is dropped (80 MB for 10M event ids).
#[derive(Clone, Default)]
pub struct Names {
    bytes: String,
    ends: Vec<u32>,
}

impl Names {
    pub fn resolve(&self, sym: Sym) -> &str {
        text_at(&self.bytes, &self.ends, sym.0)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Bytes used (strings and their ends), for `SAFECREDIT_TRACE`.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.len() + self.ends.len() * 4
    }
}

/// A read-only map from the strings of an [`Interner`] to their symbols, for
/// resolving references from many threads at once. The interner's own table
/// costs about four cache misses a lookup (control bytes, slot, string ends,
/// text); here an id of up to 23 bytes is kept in its slot, so a lookup in a
/// table of millions that arrive in random order costs one.
pub struct IdTable {
    slots: Vec<Slot>,
    mask: usize,
    hasher: rustc_hash::FxBuildHasher,
}

/// One slot: `tag == 0` is empty. 32 bytes, two to a cache line.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    /// High bits of the hash, never 0 in a used slot.
    tag: u32,
    sym: u32,
    len: u8,
    /// The string, if it fits.
    key: [u8; INLINE],
}

const INLINE: usize = 23;
const EMPTY_SLOT: Slot = Slot { tag: 0, sym: 0, len: 0, key: [0; INLINE] };

impl IdTable {
    /// Every string of `ids`, which must be distinct.
    pub fn new(ids: &Interner) -> IdTable {
        let n = ids.len();
        // At most 70% full: linear probing stays short.
        let capacity = (n * 10 / 7 + 1).next_power_of_two().max(8);
        let mut slots = Vec::with_capacity(capacity);
        super::pool::huge_pages(&slots);
        slots.resize(capacity, EMPTY_SLOT);
        let mut table = IdTable { slots, mask: capacity - 1, hasher: Default::default() };
        for i in 0..n as u32 {
            let text = ids.resolve(Sym(i));
            let hash = table.hasher.hash_one(text);
            let mut at = hash as usize & table.mask;
            while table.slots[at].tag != 0 {
                at = (at + 1) & table.mask;
            }
            let mut slot = Slot { tag: Self::tag(hash), sym: i, len: text.len().min(255) as u8, key: [0; INLINE] };
            if text.len() <= INLINE {
                slot.key[..text.len()].copy_from_slice(text.as_bytes());
            }
            table.slots[at] = slot;
        }
        table
    }

    /// Starts loading the slot where `text` would be, so that a `get` soon after
    /// does not wait for memory (the loader calls it a few rows ahead).
    pub fn prefetch(&self, text: &str) {
        let at = self.hasher.hash_one(text) as usize & self.mask;
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `at` is within `slots`; prefetching reads nothing into the program.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch(self.slots.as_ptr().add(at).cast::<i8>(), _MM_HINT_T0);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = at;
    }

    fn tag(hash: u64) -> u32 {
        (hash >> 32) as u32 | 1
    }

    /// The symbol of `text` in `ids` (the interner this table was made from).
    pub fn get(&self, ids: &Interner, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        let tag = Self::tag(hash);
        let mut at = hash as usize & self.mask;
        loop {
            let slot = &self.slots[at];
            if slot.tag == 0 {
                return None;
            }
            if slot.tag == tag && slot.len as usize == text.len().min(255) {
                let equal = match text.len() <= INLINE {
                    true => &slot.key[..text.len()] == text.as_bytes(),
                    false => ids.resolve(Sym(slot.sym)) == text,
                };
                if equal {
                    return Some(Sym(slot.sym));
                }
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// Shards of an interner's lookup table.
const SHARDS: usize = 4;

/// The shard of a hash: bits that neither hashbrown's slot (low bits) nor its
/// tag (top 7 bits) use, so that each shard is as well spread as a whole table.
fn shard(hash: u64) -> usize {
    (hash >> 40) as usize & (SHARDS - 1)
}

/// Indexes the strings `range` of an arena that fall in the given shards into
/// their tables. `Err((a, b))` names two equal strings if one was already there
/// or is repeated.
///
/// Inserting millions of strings in the order they came costs a cache miss each
/// (the table is tens of MB). Here they are inserted in rounds of about 2M, each
/// sorted by the table slot it starts probing at (the low bits of the hash, as
/// hashbrown does), so each table is written front to back: about 2× faster in
/// isolation and far more beside other work. The order only affects speed. Each
/// round hashes every string again (front to back, cheap) rather than keeping
/// 16 bytes per string for all rounds at once.
fn index_shards(
    mut shards: Vec<(usize, &mut HashTable<u32>)>,
    bytes: &str,
    ends: &[u32],
    hasher: &rustc_hash::FxBuildHasher,
    range: std::ops::Range<u32>,
) -> Result<(), (Sym, Sym)> {
    let text = |i: u32| text_at(bytes, ends, i);
    // Hashes spread evenly over the shards: room for a share and a little more
    // (a table short of room grows, which is only slower).
    let share = range.len() / SHARDS + range.len() / (16 * SHARDS) + 1;
    let mut mine = [false; SHARDS];
    let mut layout = [(0u64, 0u32, 0u32, 0u32); SHARDS]; // buckets, slot bits, round bits, key bits
    for (n, table) in &mut shards {
        table.reserve(share, |&i| hasher.hash_one(text(i)));
        // capacity = 7/8 of the buckets, a power of two (hashbrown's load factor).
        let buckets = (table.capacity() * 8 / 7).next_power_of_two() as u64;
        let slot_bits = buckets.trailing_zeros();
        let round_bits = share.div_ceil(1 << 21).next_power_of_two().trailing_zeros().min(slot_bits);
        layout[*n] = (buckets, slot_bits, round_bits, 12.min(slot_bits - round_bits));
        mine[*n] = true;
    }
    let rounds = shards.iter().map(|(n, _)| 1u64 << layout[*n].2).max().unwrap_or(0);
    let round_of = |n: usize, hash: u64| {
        let (buckets, slot_bits, round_bits, _) = layout[n];
        (hash & (buckets - 1)) >> (slot_bits - round_bits)
    };
    let key_of = |n: usize, hash: u64| {
        let (buckets, slot_bits, round_bits, key_bits) = layout[n];
        (((hash & (buckets - 1)) >> (slot_bits - round_bits - key_bits)) as usize) & ((1 << key_bits) - 1)
    };
    let mut found: [Vec<(u64, u32)>; SHARDS] = Default::default();
    let mut sorted = Vec::new();
    let mut counts = Vec::new();
    for round in 0..rounds {
        for f in &mut found {
            f.clear();
        }
        for i in range.clone() {
            let hash = hasher.hash_one(text(i));
            let n = shard(hash);
            if mine[n] && round_of(n, hash) == round {
                found[n].push((hash, i));
            }
        }
        for (n, table) in &mut shards {
            let n = *n;
            // A counting sort on the key bits: one pass to count, one to place.
            counts.clear();
            counts.resize(1 << layout[n].3, 0usize);
            for &(hash, _) in &found[n] {
                counts[key_of(n, hash)] += 1;
            }
            let mut next = 0;
            for count in &mut counts {
                (*count, next) = (next, next + *count);
            }
            sorted.clear();
            sorted.resize(found[n].len(), (0, 0));
            for &(hash, i) in &found[n] {
                let at = &mut counts[key_of(n, hash)];
                sorted[*at] = (hash, i);
                *at += 1;
            }
            for &(hash, i) in &sorted {
                match table.entry(hash, |&j| text(j) == text(i), |&j| hasher.hash_one(text(j))) {
                    hashbrown::hash_table::Entry::Occupied(first) => {
                        let first = *first.get();
                        return Err((Sym(first.min(i)), Sym(first.max(i))));
                    }
                    hashbrown::hash_table::Entry::Vacant(slot) => {
                        slot.insert(i);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Above this many strings, a table that must grow is built afresh rather than rehashed.
const REBUILD_ABOVE: usize = 1 << 20;

/// The `i`-th string of an arena: `ends[i]` is where it ends, `ends[i - 1]` where it starts.
/// A free function so that table callbacks can borrow the arena while the table is mutated.
#[inline]
fn text_at<'a>(bytes: &'a str, ends: &[u32], i: u32) -> &'a str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &bytes[start..ends[i] as usize]
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

    /// Ids pushed without lookups: every one is found after indexing, in a
    /// table big enough for several rounds of the slot-ordered insertion.
    #[test]
    fn pushed_ids_are_indexed_in_rounds() {
        let mut i = Interner::for_ids();
        assert_eq!(i.intern_new("first"), Ok(Sym(0)));
        let n = 3_000_000;
        for k in 0..n {
            assert_eq!(i.push_unindexed(&format!("E{k:08}")), Sym(k + 1));
        }
        assert_eq!(i.index_pushed(), Ok(()));
        assert_eq!(i.get("first"), Some(Sym(0)));
        for k in (0..n).step_by(997).chain([n - 1]) {
            assert_eq!(i.get(&format!("E{k:08}")), Some(Sym(k + 1)));
        }
        assert_eq!(i.get("E99999999"), None);
        assert_eq!(i.intern_new("E00000007"), Err(Sym(8)));
        assert_eq!(i.intern_new("last"), Ok(Sym(n + 1)));
    }

    /// A table above `REBUILD_ABOVE` strings that must grow for a `reserve` (it is
    /// rebuilt rather than rehashed) still finds every string under its symbol,
    /// and new ones intern after it.
    #[test]
    fn a_large_table_grows_by_rebuilding() {
        let mut i = Interner::default();
        let n = REBUILD_ABOVE as u32 + 10;
        for k in 1..=n {
            assert_eq!(i.intern(&format!("T{k}")), Sym(k));
        }
        i.reserve(3 * n as usize);
        assert!(i.tables.iter().map(|t| t.capacity()).sum::<usize>() >= 4 * n as usize);
        assert_eq!(i.get(""), Some(Sym::EMPTY));
        for k in (1..=n).step_by(101).chain([n]) {
            assert_eq!(i.get(&format!("T{k}")), Some(Sym(k)));
        }
        assert_eq!(i.intern("T7"), Sym(7));
        assert_eq!(i.intern("new"), Sym(n + 1));
    }

    #[test]
    fn the_id_table_finds_short_and_long_ids() {
        let mut ids = Interner::for_ids();
        let long = "91150203366278752G-branch-0000000001";
        for text in ["S1", "", long, "P0000001", "23456789012345678901234"] {
            ids.intern(text);
        }
        for k in 0..5000 {
            ids.intern(&format!("E{k}"));
        }
        let table = IdTable::new(&ids);
        for i in 0..ids.len() as u32 {
            assert_eq!(table.get(&ids, ids.resolve(Sym(i))), Some(Sym(i)));
        }
        assert_eq!(table.get(&ids, long), Some(Sym(2)));
        assert_eq!(table.get(&ids, "91150203366278752G-branch-0000000002"), None);
        assert_eq!(table.get(&ids, "S2"), None);
        assert_eq!(IdTable::new(&Interner::for_ids()).get(&ids, "S1"), None);
    }

    /// A repeated id is reported with both symbols, whether it repeats an
    /// indexed string or another pushed one; truncating undoes the pushes.
    #[test]
    fn a_pushed_duplicate_is_reported_and_truncate_undoes_it() {
        let mut i = Interner::for_ids();
        i.intern("a");
        i.push_unindexed("b");
        i.push_unindexed("a");
        assert_eq!(i.index_pushed(), Err((Sym(0), Sym(2))));
        i.truncate(1);
        assert_eq!((i.len(), i.get("a"), i.get("b")), (1, Some(Sym(0)), None));

        for text in ["b", "c", "d", "c"] {
            i.push_unindexed(text);
        }
        assert_eq!(i.index_pushed(), Err((Sym(2), Sym(4))));
        i.truncate(1);
        assert_eq!(i.intern_new("b"), Ok(Sym(1)));
        assert_eq!(i.resolve(Sym(1)), "b");
    }
}
