//! [`List`]: one configured list as the builder records it, before any
//! check.

/// A configured list: [`Any`](crate::Any), names, or both (which one of
/// them means is for the compiler to judge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct List {
    pub(crate) any: bool,
    pub(crate) listed: Vec<String>,
}

impl List {
    /// Adds `other` to the list: calls add up.
    pub(crate) fn extend(&mut self, other: List) {
        self.any |= other.any;
        self.listed.extend(other.listed);
    }
}
