//! Sort state of a table and the comparisons behind it.
//!
//! Sorting returns indices rather than moving rows, so a 5,000-row table is built once and only
//! its order is recomputed when a header is clicked.

use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

impl SortDir {
    pub fn flipped(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    /// The `aria-sort` value of the active column.
    pub fn aria(self) -> &'static str {
        match self {
            SortDir::Asc => "ascending",
            SortDir::Desc => "descending",
        }
    }

    fn apply(self, ordering: Ordering) -> Ordering {
        match self {
            SortDir::Asc => ordering,
            SortDir::Desc => ordering.reverse(),
        }
    }
}

/// Which column a table is sorted by, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortState<C> {
    pub column: C,
    pub dir: SortDir,
}

/// Columns know their natural first direction: numbers biggest first, text A→Z.
pub trait SortColumn: Copy + PartialEq {
    fn is_numeric(self) -> bool;
}

impl<C: SortColumn> SortState<C> {
    pub fn new(column: C) -> Self {
        SortState { column, dir: if column.is_numeric() { SortDir::Desc } else { SortDir::Asc } }
    }

    /// A click on a header: the active column flips, another column starts in its natural order.
    pub fn toggled(self, column: C) -> Self {
        if column == self.column {
            SortState { column, dir: self.dir.flipped() }
        } else {
            SortState::new(column)
        }
    }

    /// `aria-sort` for a header.
    pub fn aria_for(self, column: C) -> &'static str {
        if column == self.column {
            self.dir.aria()
        } else {
            "none"
        }
    }
}

/// Case-insensitive (ASCII) text order without allocating, exact order as the tie-break.
pub fn cmp_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

/// Numbers in a total order (NaN last), so sorting never panics or misbehaves.
pub fn cmp_number(a: f64, b: f64) -> Ordering {
    match (a.is_nan(), b.is_nan()) {
        (false, false) => a.total_cmp(&b),
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
    }
}

/// Optional numbers: missing values go last in either direction.
pub fn cmp_optional(a: Option<f64>, b: Option<f64>, dir: SortDir) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => dir.apply(cmp_number(a, b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Optional text: missing values go last in either direction.
pub fn cmp_optional_text(a: Option<&str>, b: Option<&str>, dir: SortDir) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => dir.apply(cmp_text(a, b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// `0..len` ordered by `cmp`. One non-generic sort for every table: the comparators break
/// ties themselves, so an unstable sort gives a stable-looking order, and the app carries one
/// copy of the sort code instead of one per table (the wasm bundle has a size budget).
pub fn sort_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| cmp(a, b));
    order
}

/// Sort names A→Z (case-insensitive, exact order as the tie-break).
pub fn sort_texts(list: Vec<String>) -> Vec<String> {
    let order = sort_indices(list.len(), &|a, b| cmp_text(&list[a], &list[b]));
    let mut slots: Vec<Option<String>> = list.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect()
}

/// Apply a direction to a plain comparison.
pub fn directed(ordering: Ordering, dir: SortDir) -> Ordering {
    dir.apply(ordering)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Col {
        Name,
        Count,
    }

    impl SortColumn for Col {
        fn is_numeric(self) -> bool {
            self == Col::Count
        }
    }

    #[test]
    fn header_clicks() {
        let s = SortState::new(Col::Count);
        assert_eq!(s.dir, SortDir::Desc);
        let s = s.toggled(Col::Count);
        assert_eq!(s.dir, SortDir::Asc);
        let s = s.toggled(Col::Name);
        assert_eq!((s.column, s.dir), (Col::Name, SortDir::Asc));
        assert_eq!(s.aria_for(Col::Name), "ascending");
        assert_eq!(s.aria_for(Col::Count), "none");
    }

    #[test]
    fn comparisons() {
        assert_eq!(cmp_text("apple", "Banana"), Ordering::Less);
        assert_eq!(cmp_text("B", "b"), Ordering::Less);
        assert_eq!(cmp_number(f64::NAN, 1.0), Ordering::Greater);
        assert_eq!(cmp_number(2.0, 10.0), Ordering::Less);
        assert_eq!(cmp_optional(None, Some(1.0), SortDir::Desc), Ordering::Greater);
        assert_eq!(cmp_optional(None, Some(1.0), SortDir::Asc), Ordering::Greater);
        assert_eq!(cmp_optional(Some(1.0), Some(2.0), SortDir::Desc), Ordering::Greater);
        assert_eq!(cmp_optional_text(Some("a"), None, SortDir::Desc), Ordering::Less);
    }

    #[test]
    fn index_sorts() {
        let v = [3.0, 1.0, 2.0];
        assert_eq!(sort_indices(3, &|a, b| cmp_number(v[a], v[b])), vec![1, 2, 0]);
        assert!(sort_indices(0, &|_, _| Ordering::Equal).is_empty());
        let names = vec!["b".to_string(), "A".to_string(), "a".to_string()];
        assert_eq!(sort_texts(names), ["A", "a", "b"]);
    }
}
