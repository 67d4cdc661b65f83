//! What one reading of a document keeps for the next reading of it, so that an
//! edit costs the lines and exchanges it touched rather than the whole text.
//!
//! A language server reads a document again after every keystroke. Most of
//! the work is per line (is it a label, furniture, a heading?) and per exchange
//! (figures, status, personal data), and a keystroke changes one line of one
//! exchange. The previous text and this one share a prefix and a suffix; a
//! line or exchange lying wholly inside either has the same text as before, at
//! the same offset or moved by the length change, and is taken from the memo
//! with its spans moved. Everything that looks across lines or exchanges (the
//! layout, schema matching, cross-answer checks, annotations) runs afresh, so
//! a reading with a memo equals a reading without one.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::model::{Analysis, Exchange, Finding, Span, Status};
use crate::engine::segment::{LineInfo, LineKind as Kind, Segment};
use crate::engine::text::Stem;

/// The reusable parts of a document's previous reading. Start with
/// `Memo::default()`, pass the same memo to every reading of one document
/// ([`crate::engine::Engine::analyze_with`]), and hand each reading back with
/// [`Memo::recycle`] when done with it: its exchanges are then moved into the
/// next reading instead of being read again.
#[derive(Debug, Default)]
pub struct Memo {
    /// The engine that made it: a memo from another configuration is ignored.
    engine: Option<EngineId>,
    /// Counts readings, so that only the latest one is taken back.
    generation: u64,
    /// The latest reading's text: its length and hash until it is handed
    /// back, then the text itself (the caller's copy, not a second one).
    fingerprint: Option<(usize, u64)>,
    text: Option<String>,
    lines: Vec<LineInfo>,
    /// The chosen schema's name: exchanges matched under another are read again.
    schema: Option<String>,
    /// Per segment of the text, in its order. Boxed: entries move between
    /// vectors on every reading, and a pointer moves faster than the entry.
    #[allow(clippy::vec_box)]
    segments: Vec<Box<Remembered>>,
    /// The latest reading's exchanges, once handed back.
    recycled: Vec<Exchange>,
}

/// Tells engines apart (clones share one: they read alike).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EngineId(u64);

impl EngineId {
    pub(crate) fn next() -> EngineId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        EngineId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// What one segment's reading needs kept besides its exchange.
#[derive(Debug)]
pub(crate) struct Remembered {
    pub segment: Segment,
    /// The question's stems, when they were needed (for schema matching).
    pub stems: Option<Vec<Stem>>,
    /// Personal data found in the answer.
    pub personal: Vec<Finding>,
    /// The referral as read ("#1"), before it was resolved to a key.
    pub refers_to: Option<String>,
    /// Where its exchange stands in the reading (`None`: another took its place).
    pub position: Option<usize>,
    /// The exchange as read, when annotations may change the one in the
    /// reading (rarely: only documents with annotations keep these copies).
    pub as_read: Option<Box<Exchange>>,
}

/// A segment's previous reading, ready to be used again. Its exchange stays
/// where it is until [`Previous::take_exchange`] moves it into the new
/// reading: an exchange is a few hundred bytes, and a large response has
/// thousands to move on every keystroke.
pub(crate) struct Reused {
    pub entry: Box<Remembered>,
    exchange: Stored,
    /// How far its text moved.
    delta: isize,
}

/// Where a reused exchange is kept meanwhile.
enum Stored {
    /// In the previous reading, at this index.
    Recycled(usize),
    /// Its copy as read (documents with annotations).
    AsRead(Box<Exchange>),
}

/// Moves every span of an exchange by `delta` bytes.
fn move_exchange(e: &mut Exchange, delta: isize) {
    let by = |span: &mut Span| *span = shift(*span, delta);
    by(&mut e.span);
    for located in [&mut e.question, &mut e.answer].into_iter().flatten() {
        by(&mut located.span);
    }
    for value in &mut e.values {
        by(&mut value.span);
    }
}

/// Moves every span a segment's memory holds by `delta` bytes.
fn move_entry(entry: &mut Remembered, delta: isize) {
    let by = |span: &mut Span| *span = shift(*span, delta);
    let s = &mut entry.segment;
    by(&mut s.span);
    for part in [&mut s.question, &mut s.answer].into_iter().flatten() {
        by(&mut part.span);
        part.pieces.iter_mut().for_each(by);
    }
    for finding in &mut entry.personal {
        by(&mut finding.span);
        for related in &mut finding.related {
            by(&mut related.span);
        }
    }
}

/// The previous reading, as the next one consumes it.
pub(crate) struct Previous {
    pub unchanged: Unchanged,
    pub lines: Vec<LineInfo>,
    pub schema: Option<String>,
    segments: Vec<Option<Box<Remembered>>>,
    recycled: Vec<Exchange>,
}

impl Previous {
    /// The previous reading of a segment now at `span` whose old form
    /// `same_shape` accepts (given how far it moved), with its spans moved.
    /// Segments are asked for in text order.
    pub(crate) fn reuse(
        &mut self,
        cursor: &mut usize,
        span: Span,
        same_shape: impl Fn(&Segment, isize) -> bool,
    ) -> Option<Reused> {
        let (was, delta) = self.unchanged.old_span(span)?;
        let old = &mut self.segments;
        seek(old, cursor, was.start, |o| {
            o.as_ref().map(|o| o.segment.span.start)
        });
        let slot = old.get_mut(*cursor)?;
        if !slot
            .as_ref()
            .is_some_and(|o| o.segment.span == was && same_shape(&o.segment, delta))
        {
            return None;
        }
        let mut entry = slot.take()?;
        *cursor += 1;
        let exchange = match entry.as_read.take() {
            Some(e) => Stored::AsRead(e),
            None => {
                let at = entry.position?;
                if self.recycled.get(at).is_none_or(|e| e.span != was) {
                    return None;
                }
                Stored::Recycled(at)
            }
        };
        if delta != 0 {
            move_entry(&mut entry, delta);
        }
        Some(Reused {
            entry,
            exchange,
            delta,
        })
    }

    /// The exchange of `reused`, where it is kept (its spans not yet moved).
    pub(crate) fn exchange<'a>(&'a self, reused: &'a Reused) -> Option<&'a Exchange> {
        match &reused.exchange {
            Stored::Recycled(at) => self.recycled.get(*at),
            Stored::AsRead(e) => Some(e),
        }
    }

    /// [`Previous::exchange`], to change.
    pub(crate) fn exchange_mut<'a>(
        &'a mut self,
        reused: &'a mut Reused,
    ) -> Option<&'a mut Exchange> {
        match &mut reused.exchange {
            Stored::Recycled(at) => self.recycled.get_mut(*at),
            Stored::AsRead(e) => Some(e),
        }
    }

    /// Moves the exchange of `reused` into the new reading, as it was read
    /// (what the checks and annotations added taken off) and with its spans moved.
    pub(crate) fn take_exchange(&mut self, reused: Reused) -> Option<(Box<Remembered>, Exchange)> {
        let Reused {
            mut entry,
            exchange,
            delta,
        } = reused;
        let mut exchange = match exchange {
            Stored::AsRead(e) => *e,
            Stored::Recycled(at) => {
                let e = self.recycled.get_mut(at)?;
                // What is left in its place is never read.
                let mut e = std::mem::replace(e, Exchange::bare(String::new(), Status::Missing));
                e.checks.clear();
                e.annotation = None;
                e.refers_to = entry.refers_to.take();
                e
            }
        };
        if delta != 0 {
            move_exchange(&mut exchange, delta);
        }
        Some((entry, exchange))
    }

    /// Lets go of what the previous reading holds besides the exchanges
    /// in `reused`.
    pub(crate) fn release_unused(&mut self, reused: &[Option<Reused>]) {
        self.segments = Vec::new();
        let mut used = vec![false; self.recycled.len()];
        for r in reused.iter().flatten() {
            if let Stored::Recycled(at) = r.exchange {
                used[at] = true;
            }
        }
        if !used.contains(&true) {
            self.recycled = Vec::new();
            return;
        }
        for (e, used) in self.recycled.iter_mut().zip(used) {
            if !used {
                *e = Exchange::bare(String::new(), Status::Missing);
            }
        }
    }
}

impl Memo {
    /// Counts the readings made with this memo; pass the count taken right
    /// after a reading to [`Memo::recycle`] with that reading.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Hands back the reading made at `generation` (see [`Memo::generation`])
    /// and the text it read, so the next reading moves its unchanged
    /// exchanges instead of reading them again. Anything but the latest
    /// reading and its text is dropped.
    pub fn recycle(&mut self, generation: u64, analysis: Analysis, text: String) {
        if generation == self.generation
            && self.engine.is_some()
            && self.fingerprint == Some(fingerprint(&text))
        {
            self.recycled = analysis.exchanges;
            self.text = Some(text);
        }
    }

    /// Takes what is still valid for reading `text` with `engine`, leaving
    /// the memo empty. Nothing is, unless the previous reading was handed back.
    pub(crate) fn take(&mut self, engine: EngineId, text: &str) -> Option<Previous> {
        let memo = std::mem::take(self);
        self.generation = memo.generation + 1;
        if memo.engine != Some(engine) {
            return None;
        }
        Some(Previous {
            unchanged: Unchanged::between(&memo.text?, text),
            lines: memo.lines,
            schema: memo.schema,
            segments: memo.segments.into_iter().map(Some).collect(),
            recycled: memo.recycled,
        })
    }

    /// Keeps this reading for the next one.
    #[allow(clippy::vec_box)] // see `Memo::segments`
    pub(crate) fn keep(
        &mut self,
        engine: EngineId,
        text: &str,
        lines: Vec<LineInfo>,
        schema: Option<String>,
        segments: Vec<Box<Remembered>>,
    ) {
        self.fingerprint = Some(fingerprint(text));
        self.engine = Some(engine);
        self.lines = lines;
        self.schema = schema;
        self.segments = segments;
    }
}

/// The length and a hash of a text: tells the text a reading was made from
/// from any other, so a reading is never handed back with the wrong one.
fn fingerprint(text: &str) -> (usize, u64) {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        hash = (hash ^ word)
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(29);
    }
    for &byte in chunks.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (text.len(), hash)
}

/// The lines' facts a memo keeps: blank lines are as quick to scan again as
/// to look up.
pub(crate) fn lines_worth_keeping(mut lines: Vec<LineInfo>) -> Vec<LineInfo> {
    lines.retain(|line| line.kind != Kind::Blank);
    lines.shrink_to_fit();
    lines
}

/// The common prefix and suffix of the previous text and the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unchanged {
    /// Bytes `..prefix` are the same in both texts.
    prefix: usize,
    /// Bytes `suffix_start..` of the current text are the previous text's last bytes.
    suffix_start: usize,
    /// The current text's length minus the previous one's.
    delta: isize,
}

impl Unchanged {
    pub(crate) fn between(old: &str, new: &str) -> Unchanged {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix(old, new);
        // The suffix may not reach back into the prefix of either text.
        let room = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(&old[old.len() - room..], &new[new.len() - room..]);
        Unchanged {
            prefix,
            suffix_start: new.len() - suffix,
            delta: new.len() as isize - old.len() as isize,
        }
    }

    /// Where `span` of the current text stood in the previous one, when its
    /// text is unchanged, and how far it moved since (add it to old spans).
    pub(crate) fn old_span(&self, span: Span) -> Option<(Span, isize)> {
        if span.end <= self.prefix {
            Some((span, 0))
        } else if span.start >= self.suffix_start {
            Some((shift(span, -self.delta), self.delta))
        } else {
            None
        }
    }
}

/// Moves `cursor` through `old`, whose items are in text order, past those
/// that start before byte `at` and those already taken (`start` gives
/// `None`): both readings are walked once, in step.
pub(crate) fn seek<T>(
    old: &[T],
    cursor: &mut usize,
    at: usize,
    start: impl Fn(&T) -> Option<usize>,
) {
    while old
        .get(*cursor)
        .is_some_and(|o| start(o).is_none_or(|s| s < at))
    {
        *cursor += 1;
    }
}

pub(crate) fn shift(span: Span, delta: isize) -> Span {
    let by = |at: usize| at.wrapping_add_signed(delta);
    Span::new(by(span.start), by(span.end))
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    // Eight bytes at a time, then the byte that differs.
    let whole = a.len().min(b.len()) / 8 * 8;
    let mut at = 0;
    while at < whole && a[at..at + 8] == b[at..at + 8] {
        at += 8;
    }
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let (mut i, mut j) = (a.len(), b.len());
    while i >= 8 && j >= 8 && a[i - 8..i] == b[j - 8..j] {
        i -= 8;
        j -= 8;
    }
    while i > 0 && j > 0 && a[i - 1] == b[j - 1] {
        i -= 1;
        j -= 1;
    }
    a.len() - i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_suffix_never_overlap() {
        // "aa" → "aaa": prefix 2, and the suffix may not count those bytes again.
        let u = Unchanged::between("aa", "aaa");
        assert_eq!(u.prefix, 2);
        assert_eq!(u.suffix_start, 3);
        assert_eq!(u.old_span(Span::new(0, 2)), Some((Span::new(0, 2), 0)));
        // An empty span where the suffix starts moved, though its old place
        // is also where the prefix ends.
        assert_eq!(u.old_span(Span::empty(3)), Some((Span::empty(2), 1)));
        assert_eq!(u.old_span(Span::new(1, 3)), None);
    }

    #[test]
    fn spans_after_an_insertion_move_back() {
        let old = "one\ntwo\nthree\n";
        let new = "one\ntwo!\nthree\n";
        let u = Unchanged::between(old, new);
        let three = Span::new(9, 14);
        assert_eq!(&new[9..14], "three");
        let (was, moved) = u.old_span(three).unwrap();
        assert_eq!(was.slice(old), "three");
        assert_eq!(shift(was, moved), three);
        assert_eq!(u.old_span(Span::new(4, 8)), None);
        assert_eq!(u.old_span(Span::new(0, 3)), Some((Span::new(0, 3), 0)));
    }

    #[test]
    fn long_texts_compare_in_words() {
        let old = "x".repeat(100) + "middle" + &"y".repeat(100);
        let new = "x".repeat(100) + "centre!" + &"y".repeat(100);
        let u = Unchanged::between(&old, &new);
        assert_eq!(u.prefix, 100);
        assert_eq!(u.suffix_start, new.len() - 100);
        assert_eq!(u.delta, 1);
        let u = Unchanged::between(&old, &old);
        assert_eq!((u.prefix, u.suffix_start), (old.len(), old.len()));
    }
}
